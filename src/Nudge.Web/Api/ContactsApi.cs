using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;

namespace Nudge.Web.Api;

/// <summary><c>/api/v1/contacts</c>: upsert one contact, up to 1,000 at once, search them.</summary>
internal static class ContactsApi
{
    /// <summary>The most rows a bulk request takes: beyond that, a CSV import is the tool.</summary>
    public const int MaxBulkRows = 1_000;

    public static void Map(RouteGroupBuilder api, IEngineStore store, Enroller enroller)
    {
        var group = api.MapGroup("/contacts").WithTags("Contacts");

        group.MapPut("/{email}", (string email, HttpRequest request, CancellationToken cancellationToken) =>
                UpsertAsync(store, email, request, cancellationToken))
            .WithName("UpsertContact")
            .WithSummary("Create or update a contact by address, with its merge fields")
            .WithDescription("Fields named replace the stored ones; a field given null or \"\" is removed; the others are kept. " +
                "201 when the contact is new, 200 when it existed, 422 for an address that is invalid or suppressed.")
            .Accepts<ContactBody>("application/json")
            .Produces<ContactView>(StatusCodes.Status201Created)
            .Produces<ContactView>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, Problems.ContentType)
            .Produces<ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ContentType);

        group.MapGet("/{email}", async (string email, CancellationToken cancellationToken) =>
                await store.FindContactByAddressAsync(email, cancellationToken) is { } contact
                    ? Results.Json(View(contact), WebJsonContext.Default.ContactView)
                    : Problems.NotFound($"no contact has the address {email}", "email"))
            .WithName("GetContact")
            .WithSummary("Read a contact by any of its addresses")
            .Produces<ContactView>()
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, Problems.ContentType);

        group.MapPost("/bulk", (HttpRequest request, CancellationToken cancellationToken) => BulkAsync(enroller, request, cancellationToken))
            .WithName("BulkUpsertContacts")
            .WithSummary("Create or update up to 1,000 contacts, and optionally enroll them in a sequence")
            .WithDescription("The valid rows are stored in one transaction; every other row is reported by its index in 'contacts', with " +
                "the field at fault. Fields are merged as a CSV import merges them: blank values are ignored.")
            .Accepts<BulkContactsBody>("application/json")
            .Produces<BulkContactsResult>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, Problems.ContentType)
            .Produces<ApiProblem>(StatusCodes.Status413PayloadTooLarge, Problems.ContentType)
            .Produces<ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ContentType);

        group.MapGet("", (string? search, string? page, string? pageSize, CancellationToken cancellationToken) =>
                SearchAsync(store, search, page, pageSize, cancellationToken))
            .WithName("ListContacts")
            .WithSummary("List contacts, searching their addresses and field values, a page at a time")
            .WithDescription("Query: search (a piece of an address or a field value, ASCII case-insensitive), page (from 1), pageSize (1 to 200).")
            .Produces<ApiPage<ContactView>>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, Problems.ContentType);
    }

    private static async Task<IResult> UpsertAsync(IEngineStore store, string email, HttpRequest request, CancellationToken cancellationToken)
    {
        email = email.Trim();
        var (body, problem) = await ApiRequests.ReadJsonAsync(request, WebJsonContext.Default.ContactBody, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!EmailAddress.IsValid(email))
        {
            return Problems.Unprocessable($"email '{email}' is not a valid address", "email");
        }

        if (body?.Fields?.Keys.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
        {
            return Problems.BadRequest("a field name is empty", "fields");
        }

        if (await store.FindSuppressionAsync(email, cancellationToken) is { } suppression)
        {
            return Problems.Unprocessable($"{email} is on the suppression list ({suppression.Value}: {suppression.Reason})", "email");
        }

        // The contact whose own address this is: an alias (other_emails) of another contact is not that contact.
        var stored = await store.FindContactByAddressAsync(email, cancellationToken);
        var existing = stored is not null && string.Equals(stored.Email, email, StringComparison.OrdinalIgnoreCase) ? stored : null;
        var fields = new Dictionary<string, string>(existing?.Fields ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in body?.Fields ?? [])
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                fields.Remove(name);
            }
            else
            {
                fields[name] = value;
            }
        }

        var id = await store.UpsertContactAsync(new Contact(existing?.Id ?? 0, existing?.Email ?? email, fields), cancellationToken);
        var view = View((await store.GetContactAsync(id, cancellationToken))!);
        return Results.Json(view, WebJsonContext.Default.ContactView, statusCode: existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> BulkAsync(Enroller enroller, HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiRequests.ReadJsonAsync(request, WebJsonContext.Default.BulkContactsBody, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body?.Contacts is not { Count: > 0 } rows)
        {
            return Problems.BadRequest("contacts is required: a list of 1 to 1000 {\"email\",\"fields\"}", "contacts");
        }

        if (rows.Count > MaxBulkRows)
        {
            return Problems.TooLarge($"contacts has {rows.Count} rows; at most {MaxBulkRows} are taken at once (nudge import takes a CSV file of any size)",
                "contacts");
        }

        var sequence = string.IsNullOrWhiteSpace(body.Sequence) ? null : body.Sequence.Trim();
        var errors = new List<BulkRowError>();
        var contacts = new List<Contact>(rows.Count);
        var lines = new List<int>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var email = rows[i]?.Email?.Trim() ?? "";
            if (email.Length == 0)
            {
                errors.Add(new BulkRowError(i, "email", "email is required"));
            }
            else if (!EmailAddress.IsValid(email))
            {
                errors.Add(new BulkRowError(i, "email", $"email '{email}' is not a valid address"));
            }
            else
            {
                contacts.Add(new Contact(0, email, rows[i]!.Fields ?? []));

                // The enroller reports refusals by "line": the index plus one, so that line 0 never means "no line".
                lines.Add(i + 1);
            }
        }

        ImportResult imported;
        try
        {
            imported = contacts.Count == 0
                ? new ImportResult(0, 0, [])
                : await enroller.ImportAsync(new ContactCsvResult(contacts, []) { Lines = lines }, sequence, cancellationToken);
        }
        catch (ArgumentException ex) when (ex.ParamName == "sequenceName")
        {
            return Problems.Unprocessable($"sequence: no sequence named '{sequence}' is loaded", "sequence");
        }

        errors.AddRange(imported.Rejected.Select(r => new BulkRowError(r.Line - 1, Problems.FieldOf(r.Reason), r.Reason)));
        return Results.Json(new BulkContactsResult(rows.Count, imported.Imported, imported.Enrolled, [.. errors.OrderBy(e => e.Index)]),
            WebJsonContext.Default.BulkContactsResult);
    }

    private static async Task<IResult> SearchAsync(IEngineStore store, string? search, string? pageText, string? pageSizeText,
        CancellationToken cancellationToken)
    {
        var (page, pageSize, problem) = ApiRequests.ReadPaging(pageText, pageSizeText);
        if (problem is not null)
        {
            return problem;
        }

        var found = await store.SearchContactsAsync(ApiRequests.Text(search), (page - 1) * pageSize, pageSize, cancellationToken);
        return Results.Json(new ApiPage<ContactView>([.. found.Items.Select(View)], page, pageSize, found.Total),
            WebJsonContext.Default.ApiPageContactView);
    }

    private static ContactView View(Contact contact) => new(contact.Id, contact.Email, contact.Fields);
}
