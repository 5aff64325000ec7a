using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Templates;

/// <summary><c>/templates</c>: the templates of the loaded sequences, where each is used, and the fields each needs.</summary>
public sealed class IndexModel : PageModel
{
    private readonly TemplateLibrary _library;

    /// <summary>Creates the page.</summary>
    public IndexModel(DashboardOptions options, TimeProvider timeProvider)
    {
        _library = new TemplateLibrary(options, timeProvider);
    }

    /// <summary>The templates, by name.</summary>
    public IReadOnlyList<TemplateSummary> Templates { get; private set; } = [];

    /// <summary>The subject source of each template whose file could be read, by name.</summary>
    public IReadOnlyDictionary<string, string?> Subjects { get; private set; } = new Dictionary<string, string?>();

    /// <summary>Whether the files can be edited here.</summary>
    public bool CanEdit => _library.CanEdit;

    /// <summary>Lists the templates.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Templates = _library.List();
        var subjects = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var template in Templates)
        {
            if (await _library.ReadAsync(template, cancellationToken) is { } source)
            {
                subjects[template.Name] = source.Subject;
            }
        }

        Subjects = subjects;
    }
}
