using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Planning;
using Nudge.Core.Schedule;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;
using Nudge.Web.Charts;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Sequences;

/// <summary>
/// <c>/sequences/{name}</c>: a sequence's steps and stop rules, its leads by state, the plan of what it sends over the
/// coming days as a timeline, and enrolling contacts: choose them, see what each would get and when, then enroll.
/// </summary>
/// <remarks>
/// Enrolling is two posts on purpose (<c>Preview</c>, then <c>Enroll</c>): the first step of a sequence often goes out at
/// once, so the page shows who gets what, from which mailbox and when, before anything is stored.
/// </remarks>
public sealed class DetailModel : PageModel
{
    /// <summary>The most contacts a search lists to choose from.</summary>
    public const int MaxCandidates = 100;

    /// <summary>The most days the plan looks ahead.</summary>
    public const int MaxDays = 90;

    private readonly SequenceLibrary _library;
    private readonly IEngineStore _store;
    private readonly TimeProvider _time;
    private readonly Enroller _enroller;
    private readonly SequenceCatalog _catalog;
    private readonly TemplateEngine _templates;

    /// <summary>Creates the page.</summary>
    public DetailModel(SequenceLibrary library, IEngineStore store, DashboardOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _library = library;
        _store = store;
        _time = timeProvider;
        _catalog = options.Sequences ??= new SequenceCatalog([]);
        // No Gmail access needed: the page enrolls contacts without a thread to look up.
        _enroller = options.Enroller ?? new Enroller(store, _catalog, null, timeProvider);
        _templates = new TemplateEngine(timeProvider);
    }

    /// <summary>The contact search: part of an address or of a field value.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>How many days the plan looks ahead.</summary>
    [BindProperty(SupportsGet = true)]
    public int Days { get; set; } = 14;

    /// <summary>The contacts chosen to enroll.</summary>
    [BindProperty(Name = "contact")]
    public List<long> ContactIds { get; set; } = [];

    /// <summary>Set by the redirect after an enrollment.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Enrolled { get; set; }

    /// <summary>The sequence.</summary>
    public SequenceDefinition Sequence { get; private set; } = null!;

    /// <summary>Whether the sequence's file can be edited here.</summary>
    public bool CanEdit => _library.CanEdit;

    /// <summary>Leads by state name.</summary>
    public IReadOnlyDictionary<string, int> States { get; private set; } = new Dictionary<string, int>();

    /// <summary>The sequence's planned sends, in time order.</summary>
    public IReadOnlyList<PlannedSend> Sends { get; private set; } = [];

    /// <summary>What stands in the way of the sequence's plan.</summary>
    public IReadOnlyList<PlanProblem> Problems { get; private set; } = [];

    /// <summary>The plan's sends per day, as a chart.</summary>
    public string? Chart { get; private set; }

    /// <summary>The contacts the search found.</summary>
    public IReadOnlyList<Contact> Candidates { get; private set; } = [];

    /// <summary>How many contacts the search matches in all.</summary>
    public int CandidateTotal { get; private set; }

    /// <summary>The ids of the listed contacts that are already in this sequence.</summary>
    public IReadOnlySet<long> InSequence { get; private set; } = new HashSet<long>();

    /// <summary>What enrolling the chosen contacts would do (after <c>Preview</c>).</summary>
    public IReadOnlyList<EnrollmentPreviewRow>? Preview { get; private set; }

    /// <summary>What enrolling did, for the contacts refused (after <c>Enroll</c>).</summary>
    public IReadOnlyList<EnrollmentPreviewRow> Refused { get; private set; } = [];

    /// <summary>Shows the sequence, its plan and the contact search.</summary>
    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        return Page();
    }

    /// <summary>Shows what enrolling the chosen contacts would do; stores nothing.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        if (ContactIds.Count == 0)
        {
            ModelState.AddModelError("contact", "Choose at least one contact.");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var rows = new List<EnrollmentPreviewRow>();
        foreach (var contact in await ChosenAsync(cancellationToken))
        {
            var result = await _enroller.PreviewAsync(new EnrollmentRequest(contact.Email, contact.Fields, Sequence.Name), cancellationToken);
            rows.Add(new EnrollmentPreviewRow(contact, result, await SubjectAsync(contact, result, cancellationToken),
                await IsInSequenceAsync(contact.Id, cancellationToken)));
        }

        Preview = rows;
        return Page();
    }

    /// <summary>Enrolls the chosen contacts; shows the ones refused, or goes back to the page with the new plan.</summary>
    public async Task<IActionResult> OnPostEnrollAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        var refused = new List<EnrollmentPreviewRow>();
        var enrolled = 0;
        foreach (var contact in await ChosenAsync(cancellationToken))
        {
            var result = await _enroller.EnrollAsync(new EnrollmentRequest(contact.Email, contact.Fields, Sequence.Name), cancellationToken);
            if (result.IsEnrolled)
            {
                enrolled++;
            }
            else
            {
                refused.Add(new EnrollmentPreviewRow(contact, result, null, false));
            }
        }

        if (refused.Count == 0)
        {
            return RedirectToPage(new { name, enrolled });
        }

        Enrolled = enrolled;
        Refused = refused;
        await LoadAsync(name, cancellationToken);
        return Page();
    }

    /// <summary>A time as the contact reads it, with the zone: <c>Tue 1 Dec 09:00 (America/New_York)</c>.</summary>
    public static string Local(DateTimeOffset at, string zoneId)
    {
        var zone = ScheduleZones.Find(zoneId) ?? TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";
    }

    /// <summary>The contact's zone id, or the sequence's, or UTC.</summary>
    public string ZoneOf(Contact contact) =>
        contact.Fields.GetValueOrDefault(ScheduleZones.ContactField) is { Length: > 0 } zone && ScheduleZones.Find(zone) is not null
            ? zone
            : Sequence.TimeZone?.Id ?? "UTC";

    private async Task<bool> LoadAsync(string name, CancellationToken cancellationToken)
    {
        if (_library.Find(name) is not { } sequence)
        {
            return false;
        }

        Sequence = sequence;
        Days = Math.Clamp(Days, 1, MaxDays);
        var states = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var count in (await _store.CountEnrollmentsByStateAsync(cancellationToken)).Where(c => c.SequenceName == name))
        {
            states[count.State] = states.GetValueOrDefault(count.State) + count.Count;
        }

        States = states;
        await PlanAsync(cancellationToken);

        var search = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        var page = await _store.SearchContactsAsync(search, 0, MaxCandidates, cancellationToken);
        Candidates = page.Items;
        CandidateTotal = page.Total;

        // Only the contacts listed: every enrollment of the store is not read for at most MaxCandidates of them.
        var inSequence = new HashSet<long>();
        foreach (var contact in Candidates)
        {
            if (await IsInSequenceAsync(contact.Id, cancellationToken))
            {
                inSequence.Add(contact.Id);
            }
        }

        InSequence = inSequence;
        return true;
    }

    private async Task<bool> IsInSequenceAsync(long contactId, CancellationToken cancellationToken) =>
        (await _store.ListEnrollmentsForContactAsync(contactId, cancellationToken)).Any(e => e.SequenceName == Sequence.Name);

    private async Task PlanAsync(CancellationToken cancellationToken)
    {
        var plan = await new CampaignPlanner(_store, _catalog, _time).PlanAsync(TimeSpan.FromDays(Days), cancellationToken);
        Sends = [.. plan.Sends.Where(s => s.Sequence == Sequence.Name)];
        Problems = [.. plan.Problems.Where(p => p.Sequence == Sequence.Name)];
        if (Sends.Count > 0)
        {
            var perDay = Sends.GroupBy(s => DateOnly.FromDateTime(s.At.UtcDateTime)).OrderBy(g => g.Key)
                .Select(g => new ChartBar(g.Key.ToString("ddd d MMM", CultureInfo.InvariantCulture), g.Count()))
                .ToList();
            Chart = SvgCharts.HorizontalBars($"Sends per day (UTC) over the next {Days} days", perDay);
        }
    }

    private async Task<IReadOnlyList<Contact>> ChosenAsync(CancellationToken cancellationToken)
    {
        var contacts = new List<Contact>();
        foreach (var id in ContactIds.Distinct().Take(MaxCandidates))
        {
            if (await _store.GetContactAsync(id, cancellationToken) is { } contact)
            {
                contacts.Add(contact);
            }
        }

        return contacts;
    }

    private async Task<string?> SubjectAsync(Contact contact, EnrollmentResult result, CancellationToken cancellationToken)
    {
        if (result.FirstStep is not { } number || Sequence.GetStep(number) is not { } step)
        {
            return null;
        }

        var rendered = await _templates.RenderAsync(step.Template, contact.Fields, cancellationToken);
        return rendered.Message?.Subject;
    }
}
