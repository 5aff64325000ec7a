using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nudge.Sandbox.Observability;

/// <summary>The JSON context the admin and token endpoints write with.</summary>
internal static class AdminJson
{
    /// <summary>Gets <see cref="AdminJsonContext"/> with relaxed escaping, so addresses read as "&lt;a@b&gt;" under curl.</summary>
    public static AdminJsonContext Relaxed { get; } = new(new JsonSerializerOptions(AdminJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
