using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nudge.Sandbox.Wire;

/// <summary>The JSON context the sandbox writes with.</summary>
internal static class SandboxJson
{
    /// <summary>
    /// Gets <see cref="SandboxJsonContext"/> with relaxed escaping, so that headers read as "&lt;id@host&gt;" and
    /// "'raw'" rather than \u003C…\u003E when a developer looks at responses with curl. The output is only ever
    /// JSON over loopback, never embedded in HTML, which is what the stricter default protects against.
    /// </summary>
    public static SandboxJsonContext Context { get; } = new(new JsonSerializerOptions(SandboxJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
