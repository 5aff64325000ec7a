using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Nudge.Web.Dashboard;

/// <summary>
/// <c>&lt;sandboxed-preview html="@Model.Html" title="…" /&gt;</c>: renders HTML nobody vetted (a template's output)
/// in an <c>&lt;iframe sandbox="" srcdoc="…"&gt;</c>, so that a template cannot script the dashboard.
/// </summary>
/// <remarks>
/// <para>
/// <c>srcdoc</c> is HTML-encoded as any attribute value, so the markup cannot break out of the attribute. The empty
/// <c>sandbox</c> gives the frame a unique origin and no scripts, forms, popups or top navigation: no
/// <c>allow-scripts</c>, and never <c>allow-same-origin</c> (with both, a frame can remove its own sandbox).
/// </para>
/// <para>
/// A <c>srcdoc</c> document also inherits the dashboard's Content-Security-Policy, which forbids inline style: a
/// preview shows a template's markup and text, not its inline CSS. A faithful rendering needs a separate URL with its
/// own policy, framed through <c>frame-src 'self'</c>.
/// </para>
/// </remarks>
[HtmlTargetElement("sandboxed-preview", TagStructure = TagStructure.WithoutEndTag)]
public sealed class SandboxedPreviewTagHelper : TagHelper
{
    /// <summary>The HTML to show, as is (it is encoded here).</summary>
    public string? Html { get; set; }

    /// <summary>The frame's accessible name.</summary>
    /// <value>The default value is <c>Preview</c>.</value>
    public string Title { get; set; } = "Preview";

    /// <inheritdoc/>
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = "iframe";
        output.TagMode = TagMode.StartTagAndEndTag;
        // Whatever else the page wrote on the element, nothing may loosen the sandbox or load another document.
        foreach (var name in new[] { "sandbox", "src", "allow", "allowfullscreen" })
        {
            output.Attributes.RemoveAll(name);
        }

        output.Attributes.SetAttribute("sandbox", "");
        output.Attributes.SetAttribute("srcdoc", Html ?? "");
        output.Attributes.SetAttribute("title", Title);
        output.Attributes.SetAttribute("referrerpolicy", "no-referrer");
        output.Attributes.SetAttribute("class", "preview");
    }
}
