using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Sequences;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Contacts;

/// <summary>
/// <c>/contacts/import</c>: a CSV import in four steps, nothing stored before the last: upload the file; map its columns
/// (and choose a sequence to enroll into); check, which shows every row the reader refuses by line and those the import
/// is expected to refuse; import, in one transaction, which shows what was stored and refused.
/// </summary>
/// <remarks>
/// The file stays on the server between the steps (<see cref="ContactUploads"/>): the browser holds only its random id,
/// bound to the signed-in user, and the file is deleted after the import or an hour.
/// </remarks>
[RequestSizeLimit(RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimit)]
public sealed class ImportModel : PageModel
{
    // Room above the file's own limit for the rest of the form, so that a file a little too large gets a clear answer.
    private const long RequestLimit = ContactUploads.MaxBytes + (1024 * 1024);

    private readonly IEngineStore _store;
    private readonly SequenceCatalog? _sequences;
    private readonly Enroller _enroller;
    private readonly ContactUploads _uploads;

    /// <summary>Creates the page.</summary>
    public ImportModel(IEngineStore store, DashboardOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _sequences = options.Sequences;
        // The import needs no Gmail access: it never resolves a thread by search.
        _enroller = new Enroller(store, options.Sequences ?? new SequenceCatalog([]), null, timeProvider);
        _uploads = new ContactUploads(ContactUploads.DefaultRoot, timeProvider);
    }

    /// <summary>The id of the uploaded file.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Upload { get; set; }

    /// <summary>The mapping of each column, in order (<see cref="ContactColumns"/>).</summary>
    [BindProperty]
    public List<string> Map { get; set; } = [];

    /// <summary>The sequence to enroll into; empty for none.</summary>
    [BindProperty]
    public string? Sequence { get; set; }

    /// <summary>The file's header row.</summary>
    public IReadOnlyList<string> Headers { get; private set; } = [];

    /// <summary>The sequences one can enroll into.</summary>
    public IReadOnlyList<string> SequenceNames => [.. (_sequences?.All ?? []).Select(s => s.Name)];

    /// <summary>What went wrong.</summary>
    public string? Error { get; private set; }

    /// <summary>The reader's report, after a check.</summary>
    public ContactCsvResult? Checked { get; private set; }

    /// <summary>The refusals the import is expected to add, after a check.</summary>
    public ContactImportPreview? Preview { get; private set; }

    /// <summary>What the import did.</summary>
    public ImportResult? Imported { get; private set; }

    /// <summary>Which step the page shows.</summary>
    public ImportStep Step =>
        Imported is not null ? ImportStep.Done
        : Checked is not null ? ImportStep.Report
        : Headers.Count > 0 ? ImportStep.Mapping
        : ImportStep.Upload;

    private string UserKey => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? DashboardSession.UserName(HttpContext);

    private string? SequenceOrNull => string.IsNullOrWhiteSpace(Sequence) ? null : Sequence.Trim();

    /// <summary>Step 1 (no upload yet), or step 2: the mapping of the upload's columns.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Upload is null)
        {
            return Page();
        }

        if (await LoadAsync(cancellationToken) is not { } _)
        {
            return Page();
        }

        Map = [.. Headers.Select(ContactColumns.DefaultFor)];
        return Page();
    }

    /// <summary>Step 1: keeps the file and goes on to the mapping.</summary>
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return Refuse("Choose a CSV file with a header row.");
        }

        if (file.Length > ContactUploads.MaxBytes)
        {
            return Refuse($"The file is {file.Length / (1024.0 * 1024.0):0.#} MB; the largest accepted is {ContactUploads.MaxBytes / (1024 * 1024)} MB. Split it in parts.");
        }

        await using var content = file.OpenReadStream();
        var id = await _uploads.SaveAsync(UserKey, content, cancellationToken);
        return RedirectToPage(new { upload = id });
    }

    /// <summary>Step 3: reads the file through the mapping and shows the report; stores nothing.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        if (await ReadMappedAsync(cancellationToken) is not { } csv)
        {
            return Page();
        }

        Checked = csv;
        Preview = await ContactImportPreview.CreateAsync(_store, _sequences, csv, SequenceOrNull, cancellationToken);
        return Page();
    }

    /// <summary>Step 4: imports what the mapping reads, in one transaction, and shows the result; the file is deleted.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (await ReadMappedAsync(cancellationToken) is not { } csv)
        {
            return Page();
        }

        Imported = await _enroller.ImportAsync(csv, SequenceOrNull, cancellationToken);
        _uploads.Delete(UserKey, Upload);
        return Page();
    }

    private async Task<ContactCsvResult?> ReadMappedAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } text)
        {
            return null;
        }

        if (SequenceOrNull is { } sequence && _sequences?.Find(sequence) is null)
        {
            Error = $"No sequence named '{sequence}' is loaded.";
        }
        else if (ContactColumns.Problem(Headers, Map) is { } problem)
        {
            Error = problem;
        }
        else
        {
            try
            {
                return await ContactColumns.ReadAsync(text, Headers, Map, "upload", cancellationToken);
            }
            catch (FormatException e)
            {
                Error = e.Message;
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        if (Map.Count != Headers.Count)
        {
            Map = [.. Headers.Select(ContactColumns.DefaultFor)];
        }

        return null;
    }

    // The upload's text, with its header row in Headers; null (and Error set, 404) when there is no such upload.
    private async Task<string?> LoadAsync(CancellationToken cancellationToken)
    {
        if (_uploads.Find(UserKey, Upload) is not { } path)
        {
            Error = "This upload is not here any more (uploads are kept for an hour, and deleted once imported). Upload the file again.";
            Upload = null;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        Headers = ContactColumns.ReadHeaders(new StringReader(text));
        if (Headers.Count == 0)
        {
            Error = "The file is empty: it needs a header row and one row per contact.";
            Upload = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }

        return text;
    }

    private PageResult Refuse(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
