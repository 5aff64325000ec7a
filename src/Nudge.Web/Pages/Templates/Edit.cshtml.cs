using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Templates;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Templates;

/// <summary>
/// <c>/templates/{name}</c>: edits a template's subject and body, and previews it for a chosen contact or typed sample
/// fields, with the fields the contact lacks.
/// </summary>
/// <remarks>
/// The preview is a plain form post (handler <c>Preview</c>) that renders the text being edited without saving it; with
/// <c>nudge.js</c> the same post asks for the preview's HTML alone (header <c>Nudge-Fragment</c>) as one types. Saving
/// (handler <c>Save</c>) writes the file only when it parses.
/// </remarks>
public sealed class EditModel : PageModel
{
    /// <summary>The most contacts the contact select lists.</summary>
    public const int MaxContacts = 200;

    private readonly TemplateLibrary _library;
    private readonly IEngineStore _store;
    private readonly SequenceLibrary _sequences;
    private readonly TemplateTestSender _tests;

    /// <summary>Creates the page.</summary>
    public EditModel(DashboardOptions options, TimeProvider timeProvider, IEngineStore store, SequenceLibrary sequences, TemplateTestSender tests)
    {
        _library = new TemplateLibrary(options, timeProvider);
        _store = store;
        _sequences = sequences;
        _tests = tests;
    }

    /// <summary>The subject being edited (blank: none).</summary>
    [BindProperty]
    public string? Subject { get; set; }

    /// <summary>The body being edited.</summary>
    [BindProperty]
    public string? Body { get; set; }

    /// <summary>The contact to preview for.</summary>
    [BindProperty(SupportsGet = true, Name = "contact")]
    public long? ContactId { get; set; }

    /// <summary>Sample merge fields as <c>name=value</c> lines; they override the contact's.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sample { get; set; }

    /// <summary>Set by the redirect after a save.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Saved { get; set; }

    /// <summary>The mailbox a test is sent from.</summary>
    [BindProperty]
    public long? TestMailbox { get; set; }

    /// <summary>Where a test goes (blank: the sending mailbox itself).</summary>
    [BindProperty]
    public string? TestTo { get; set; }

    /// <summary>Set by the redirect after a test was sent: to whom.</summary>
    [BindProperty(SupportsGet = true)]
    public string? TestSent { get; set; }

    /// <summary>Why the last test was not sent.</summary>
    public string? TestError { get; private set; }

    /// <summary>The mailboxes a test can be sent from.</summary>
    public IReadOnlyList<Mailbox> Mailboxes { get; private set; } = [];

    /// <summary>Whether this host can send a test.</summary>
    public bool CanSendTest => _tests.CanSend;

    /// <summary>The template.</summary>
    public TemplateSummary Template { get; private set; } = null!;

    /// <summary>Whether the file can be saved from here.</summary>
    public bool CanEdit { get; private set; }

    /// <summary>Why the last save was refused, naming the line.</summary>
    public string? SaveError { get; private set; }

    /// <summary>Why the sequences could not be loaded again after a save (the worker keeps the old text until it is fixed).</summary>
    public string? ReloadError { get; private set; }

    /// <summary>The line of the file the body starts on.</summary>
    public int BodyFirstLine => TemplateSource.FromForm(Subject, Body).BodyFirstLine;

    /// <summary>The contacts to choose from.</summary>
    public IReadOnlyList<Contact> Contacts { get; private set; } = [];

    /// <summary>The preview.</summary>
    public TemplatePreview? Preview { get; private set; }

    /// <summary>Shows the saved template, previewed for the chosen contact.</summary>
    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        if (await _library.ReadAsync(Template, cancellationToken) is { } source)
        {
            Subject = source.Subject;
            Body = source.Body;
            await PreviewAsync(cancellationToken);
        }

        return Page();
    }

    /// <summary>Previews the text posted, without saving it; answers the preview alone to <c>nudge.js</c>.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        await PreviewAsync(cancellationToken);
        return Request.Headers.ContainsKey(NudgeDashboard.FragmentHeaderName) ? Partial("_TemplatePreview", Preview) : Page();
    }

    /// <summary>Saves the text posted when it parses; otherwise shows why, and leaves the file as it was.</summary>
    public async Task<IActionResult> OnPostSaveAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        SaveError = await _library.SaveAsync(Template, TemplateSource.FromForm(Subject, Body), cancellationToken);
        if (SaveError is null)
        {
            // The sequences hold their templates parsed: load them again, so the worker of this process sends the new text.
            if (await _sequences.ReloadAsync(cancellationToken) is { } reloadError)
            {
                ReloadError = reloadError;
                await PreviewAsync(cancellationToken);
                return Page();
            }

            return RedirectToPage(new { name, contact = ContactId, saved = true });
        }

        await PreviewAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>
    /// Sends the text being edited (saved or not), rendered for the chosen contact and sample fields, from the chosen
    /// mailbox to <see cref="TestTo"/> or the mailbox itself.
    /// </summary>
    public async Task<IActionResult> OnPostSendTestAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        await PreviewAsync(cancellationToken);
        var mailbox = Mailboxes.FirstOrDefault(m => m.Id == TestMailbox);
        var to = string.IsNullOrWhiteSpace(TestTo) ? mailbox?.Email : TestTo.Trim();
        TestError = (mailbox, Preview) switch
        {
            (null, _) => "Send from: choose a connected mailbox.",
            _ when to is null || !EmailAddress.IsValid(to) => $"Send to: '{to}' is not an email address.",
            (_, { Error: { } error }) => "The template does not parse: " + error,
            (_, { MissingFields.Count: > 0 } missing) =>
                $"Fill the missing fields first (choose a contact or type sample fields): {string.Join(", ", missing.MissingFields)}.",
            _ => await _tests.SendAsync(mailbox, to, name, new RenderedMessage(Preview!.Subject, Preview.Text ?? "", Preview.Html ?? ""),
                cancellationToken),
        };
        if (TestError is null)
        {
            return RedirectToPage(new { name, contact = ContactId, testSent = to });
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(string name, CancellationToken cancellationToken)
    {
        if (_library.Find(name) is not { } template)
        {
            return false;
        }

        Template = template;
        CanEdit = _library.CanEdit;
        Contacts = (await _store.SearchContactsAsync(null, 0, MaxContacts, cancellationToken)).Items;
        Mailboxes = await _store.ListMailboxesAsync(cancellationToken);
        return true;
    }

    private async Task PreviewAsync(CancellationToken cancellationToken)
    {
        var contact = ContactId is { } id
            ? Contacts.FirstOrDefault(c => c.Id == id) ?? await _store.GetContactAsync(id, cancellationToken)
            : null;
        var fields = new Dictionary<string, string>(contact?.Fields ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var sample = TemplateLibrary.ParseSampleFields(Sample);
        foreach (var (key, value) in sample)
        {
            fields[key] = value;
        }

        var renderedFor = (contact, sample.Count) switch
        {
            (null, 0) => "no contact (no fields)",
            (null, _) => "the sample fields",
            (_, 0) => contact.Email,
            _ => contact.Email + " with the sample fields",
        };
        Preview = await _library.PreviewAsync(Template.Name, TemplateSource.FromForm(Subject, Body), fields, renderedFor, cancellationToken);
    }
}
