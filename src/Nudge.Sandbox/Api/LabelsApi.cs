using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>users.labels: list (system labels, then user labels) and create.</summary>
internal static class LabelsApi
{
    // Gmail's system labels as labels.list shows them: the ones without visibilities are the mailbox folders.
    private static readonly (string Id, bool Hidden)[] System =
    [
        ("CHAT", true), ("SENT", false), ("INBOX", false), ("IMPORTANT", true), ("TRASH", true), ("DRAFT", true),
        ("SPAM", true), ("CATEGORY_FORUMS", true), ("CATEGORY_UPDATES", true), ("CATEGORY_PERSONAL", true),
        ("CATEGORY_PROMOTIONS", true), ("CATEGORY_SOCIAL", true), ("STARRED", true), ("UNREAD", false),
    ];

    public static void MapLabelsApi(this RouteGroupBuilder users, SandboxState state)
    {
        Func<HttpContext, Task<IResult>> create = http => CreateAsync(http, state);
        users.MapGet("labels", (HttpContext http) => List(http)).WithMetadata(new GmailRpc("ListLabels"));
        users.MapPost("labels", create).WithMetadata(new GmailRpc("CreateLabel"));
    }

    private static IResult List(HttpContext http)
    {
        var mailbox = http.Mailbox();
        var labels = System.Select(s => new LabelResource
        {
            Id = s.Id,
            Name = s.Id,
            MessageListVisibility = s.Hidden ? "hide" : null,
            LabelListVisibility = s.Hidden ? "labelHide" : null,
            Type = "system",
        }).ToList();
        lock (mailbox.Gate)
        {
            labels.AddRange(mailbox.Extras.Labels.Select(ToResource));
        }

        return Results.Json(new ListLabelsResponse { Labels = labels }, ExtrasJson.Context.ListLabelsResponse);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SandboxState state)
    {
        var (request, error) = await JsonBody.ReadAsync(http.Request, ExtrasJson.Context.LabelRequest);
        if (request is null)
        {
            return error!;
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            // Wording guessed.
            return GoogleErrors.InvalidArgument("Invalid label name");
        }

        var mailbox = http.Mailbox();
        UserLabel label;
        lock (mailbox.Gate)
        {
            // Names are unique ignoring case, and system label names are reserved.
            if (System.Any(s => string.Equals(s.Id, name, StringComparison.OrdinalIgnoreCase))
                || mailbox.Extras.Labels.Exists(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return ExtraGoogleErrors.LabelConflict();
            }

            mailbox.Extras.LastLabelNumber++;
            label = new UserLabel(
                "Label_" + mailbox.Extras.LastLabelNumber.ToString(CultureInfo.InvariantCulture),
                name,
                request.MessageListVisibility,
                request.LabelListVisibility);
            mailbox.Extras.Labels.Add(label);
        }

        state.Save();
        return Results.Json(ToResource(label), ExtrasJson.Context.LabelResource);
    }

    private static LabelResource ToResource(UserLabel label) => new()
    {
        Id = label.Id,
        Name = label.Name,
        MessageListVisibility = label.MessageListVisibility,
        LabelListVisibility = label.LabelListVisibility,
        Type = "user",
    };
}
