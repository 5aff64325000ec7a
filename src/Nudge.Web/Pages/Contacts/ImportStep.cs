namespace Nudge.Web.Pages.Contacts;

/// <summary>The step a CSV import is at (<see cref="ImportModel"/>).</summary>
public enum ImportStep
{
    /// <summary>No file yet.</summary>
    Upload,

    /// <summary>The file is kept; its columns are being mapped.</summary>
    Mapping,

    /// <summary>The mapped file was checked: the report, and the import button.</summary>
    Report,

    /// <summary>Imported.</summary>
    Done,
}
