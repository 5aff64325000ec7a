using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nudge.Sandbox.Wire;

/// <summary>The <see cref="ExtrasJsonContext"/> the sandbox writes with, escaping as <see cref="SandboxJson.Context"/> does.</summary>
internal static class ExtrasJson
{
    public static ExtrasJsonContext Context { get; } = new(new JsonSerializerOptions(ExtrasJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
