using System.Net;
using System.Text;
using System.Text.Json;

namespace Nudge.IntegrationTests.Sandbox;

/// <summary>Raw-HTTP helpers for the drafts, labels and modify surface, on top of <see cref="SandboxSession"/>.</summary>
internal static class GmailCalls
{
    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static Task<(HttpStatusCode Status, JsonElement Json)> ModifyAsync(this SandboxSession session, string id, string[]? add = null, string[]? remove = null) =>
        session.PostAsync($"gmail/v1/users/me/messages/{id}/modify", Json(new { addLabelIds = add ?? [], removeLabelIds = remove ?? [] }));

    public static Task<(HttpStatusCode Status, JsonElement Json)> TrashAsync(this SandboxSession session, string id) =>
        session.PostAsync($"gmail/v1/users/me/messages/{id}/trash", "");

    public static Task<(HttpStatusCode Status, JsonElement Json)> CreateDraftAsync(this SandboxSession session, MimeKit.MimeMessage message, string? threadId = null) =>
        session.PostAsync("gmail/v1/users/me/drafts", threadId is null
            ? Json(new { message = new { raw = SandboxSession.ToRaw(message) } })
            : Json(new { message = new { raw = SandboxSession.ToRaw(message), threadId } }));

    public static Task<(HttpStatusCode Status, JsonElement Json)> CreateLabelAsync(this SandboxSession session, string name) =>
        session.PostAsync("gmail/v1/users/me/labels", Json(new { name, labelListVisibility = "labelShow", messageListVisibility = "show" }));

    public static async Task<(HttpStatusCode Status, string Body)> RawAsync(this SandboxSession session, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await session.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static async Task<List<string>> ListIdsAsync(this SandboxSession session, string query, bool includeSpamTrash = false)
    {
        var path = "gmail/v1/users/me/messages?q=" + Uri.EscapeDataString(query) + (includeSpamTrash ? "&includeSpamTrash=true" : "");
        var (status, json) = await session.GetAsync(path);
        status.ShouldBe(HttpStatusCode.OK);
        return json.TryGetProperty("messages", out var messages)
            ? messages.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList()
            : [];
    }

    public static List<string> Labels(this JsonElement message) =>
        message.TryGetProperty("labelIds", out var labels) ? labels.EnumerateArray().Select(l => l.GetString()!).ToList() : [];

    public static string Id(this JsonElement json) => json.GetProperty("id").GetString()!;
}
