namespace Nudge.Core.Enrollments;

/// <summary>The order of an enrollment listing, by enrollment id (which is the order they were enrolled in).</summary>
public enum EnrollmentOrder
{
    /// <summary>Oldest enrollment first: the HTTP API's order, stable while new enrollments arrive.</summary>
    OldestFirst,

    /// <summary>Newest enrollment first: the dashboard's order, where the latest enrollments matter most.</summary>
    NewestFirst,
}
