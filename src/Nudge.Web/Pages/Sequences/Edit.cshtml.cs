using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Sequences;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Sequences;

/// <summary>
/// <c>/sequences/{name}/edit</c> and <c>/sequences/new</c>: the sequence file as a form (mailboxes, zone, window,
/// holidays, stop rules, steps with their waits, templates, conditions and windows), saved as the same YAML the CLI
/// reads.
/// </summary>
/// <remarks>
/// Adding and removing a step are posts that come back to the form (no script needed). A save is refused, and the file
/// left as it was, unless the text parses as <c>nudge sequence validate</c> would parse it; the error names the field,
/// which the form marks.
/// </remarks>
public sealed partial class EditModel : PageModel
{
    /// <summary>The most steps the form takes.</summary>
    public const int MaxSteps = 30;

    private readonly SequenceLibrary _library;
    private readonly IEngineStore _store;

    /// <summary>Creates the page.</summary>
    public EditModel(SequenceLibrary library, IEngineStore store)
    {
        _library = library;
        _store = store;
    }

    /// <summary>The sequence being edited.</summary>
    [BindProperty]
    public SequenceDocument Document { get; set; } = new();

    /// <summary>The name of the sequence edited; <see langword="null"/> for a new one.</summary>
    public string? ExistingName { get; private set; }

    /// <summary>Why the last save was refused.</summary>
    public string? SaveError { get; private set; }

    /// <summary>The field <see cref="SaveError"/> names, as the file writes it (<c>steps[2].wait</c>).</summary>
    public string? ErrorField { get; private set; }

    /// <summary>The templates a step can use.</summary>
    public IReadOnlyList<string> Templates { get; private set; } = [];

    /// <summary>The IANA time zones, for the zone field's suggestions.</summary>
    public static IReadOnlyList<string> Zones { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>How many contacts are enrolled and not finished.</summary>
    public int ActiveLeads { get; private set; }

    /// <summary>Shows the sequence's file as a form, or an empty form for a new sequence.</summary>
    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        if (name is null)
        {
            Document = new SequenceDocument
            {
                WindowDays = "mon-fri",
                WindowHours = "09:00-17:00",
                Steps = [new() { Wait = "0" }, new() { Wait = "3 business days" }],
            };
        }
        else
        {
            try
            {
                Document = await _library.ReadAsync(name, cancellationToken) ?? new SequenceDocument { Name = name };
            }
            catch (SequenceFileException ex)
            {
                SaveError = ex.Message;
            }
        }

        return Page();
    }

    /// <summary>Adds an empty step at the end.</summary>
    public async Task<IActionResult> OnPostAddStepAsync(string? name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        if (Document.Steps.Count < MaxSteps)
        {
            Document.Steps.Add(new SequenceDocumentStep { Wait = "3 business days" });
        }

        ModelState.Clear();
        return Page();
    }

    /// <summary>Removes the step at <paramref name="index"/> (0-based).</summary>
    public async Task<IActionResult> OnPostRemoveStepAsync(string? name, int index, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        if (index >= 0 && index < Document.Steps.Count)
        {
            Document.Steps.RemoveAt(index);
        }

        ModelState.Clear();
        return Page();
    }

    /// <summary>Saves the form as the sequence's file when it parses; otherwise shows why, naming the field.</summary>
    public async Task<IActionResult> OnPostSaveAsync(string? name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        // Unused rows of the form are not steps; dropping them first keeps the file's step numbers those of the form.
        Document.Steps.RemoveAll(s => s.IsBlank);
        SaveError = await _library.SaveAsync(Document, name, cancellationToken);
        if (SaveError is null)
        {
            var saved = name ?? Document.Name!.Trim();
            return name is null
                ? RedirectToPage("/Sequences/Index", new { created = saved })
                : RedirectToPage("/Sequences/Detail", new { name = saved });
        }

        ErrorField = FieldOf(SaveError);
        ModelState.Clear();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Whether the refused save named <paramref name="field"/> (or a part of it, such as <c>steps[2].window</c>).</summary>
    public bool IsInvalid(string field) =>
        ErrorField is { } error
        && (error == field || error.StartsWith(field + ".", StringComparison.Ordinal) || error.StartsWith(field + "[", StringComparison.Ordinal)
            || (field.EndsWith(".days", StringComparison.Ordinal) && error == field[..^5])
            || (field == "mailboxes" && error.StartsWith("mailbox", StringComparison.Ordinal)));

    private async Task<bool> LoadAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is not null && _library.Find(name) is null)
        {
            return false;
        }

        if (!_library.CanEdit || (name is null && !_library.CanAdd))
        {
            SaveError = "This host cannot save sequence files: start it with nudge serve --sequences DIR.";
        }

        ExistingName = name;
        Templates = _library.TemplateNames();
        if (name is not null)
        {
            ActiveLeads = (await _store.CountEnrollmentsByStateAsync(cancellationToken))
                .Where(c => c.SequenceName == name && c.Status == Nudge.Core.Enrollments.EnrollmentStatus.Active)
                .Sum(c => c.Count);
        }

        return true;
    }

    /// <summary>The field an error names: <c>steps[2].wait</c> in "x.yaml: line 9: steps[2].wait …", or "name" in "name: …".</summary>
    private static string? FieldOf(string error)
    {
        var match = LineField().Match(error);
        if (match.Success)
        {
            return match.Groups["field"].Value;
        }

        var colon = error.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && error[..colon] is "name" ? "name" : null;
    }

    [GeneratedRegex(@": line \d+: (?<field>[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*)", RegexOptions.CultureInvariant)]
    private static partial Regex LineField();
}
