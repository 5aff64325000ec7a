using System.Text.RegularExpressions;
using Nudge.Core.Sequences;

namespace Nudge.Web.Dashboard;

/// <summary>
/// The sequence files behind the sequences page: finds the file of each sequence, reads it as a
/// <see cref="SequenceDocument"/>, saves a document when it parses, and loads the files again into the catalog the
/// worker of this process reads.
/// </summary>
/// <remarks>
/// <para>
/// A save is checked the way <c>nudge sequence validate</c> checks a file (its templates included) and against the
/// other files (names are unique) before anything is written; it is then written to a temporary file and moved over the
/// old one, so a reader never sees half a file. If loading the folder again still fails, the old text is put back.
/// </para>
/// <para>
/// The sequence's name cannot change once saved: enrollments refer to it by name.
/// </para>
/// </remarks>
public sealed partial class SequenceLibrary : IDisposable
{
    private readonly DashboardOptions _options;
    private readonly SemaphoreSlim _saving = new(1, 1);

    /// <summary>Creates the library over the options' <see cref="DashboardOptions.SequencesPath"/>.</summary>
    public SequenceLibrary(DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Whether the files can be edited here (the host knows where they are).</summary>
    public bool CanEdit => _options.SequencesPath is not null && (File.Exists(_options.SequencesPath) || Directory.Exists(_options.SequencesPath));

    /// <summary>Whether new sequences can be added: the host was given a folder, not one file.</summary>
    public bool CanAdd => _options.SequencesPath is { } path && Directory.Exists(path);

    /// <summary>The loaded sequences.</summary>
    public IReadOnlyList<SequenceDefinition> All => _options.Sequences?.All ?? [];

    /// <summary>The loaded sequence named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public SequenceDefinition? Find(string name) => _options.Sequences?.Find(name);

    /// <summary>The templates a step can name: the <c>.liquid</c> files of the templates folder, by name.</summary>
    public IReadOnlyList<string> TemplateNames()
    {
        var folder = TemplatesFolder;
        return folder is not null && Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.liquid").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)]
            : [.. All.SelectMany(s => s.Steps).Select(s => s.Template.Name).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>Reads the file of the sequence named <paramref name="name"/>; <see langword="null"/> when there is none.</summary>
    /// <exception cref="SequenceFileException">The file is not shaped as a sequence file.</exception>
    public async Task<SequenceDocument?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        if (await FindFileAsync(name, cancellationToken) is not { } path)
        {
            return null;
        }

        return SequenceDocument.Read(await File.ReadAllTextAsync(path, cancellationToken), Path.GetFileName(path));
    }

    /// <summary>
    /// Saves <paramref name="document"/>: over the file of the sequence named <paramref name="existingName"/>, or as a new
    /// file when it is <see langword="null"/>.
    /// </summary>
    /// <returns><see langword="null"/> when saved and loaded; otherwise why not, naming the line and the field.</returns>
    public async Task<string?> SaveAsync(SequenceDocument document, string? existingName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!CanEdit)
        {
            return "This host does not know the sequences folder: edit the file and restart nudge serve.";
        }

        await _saving.WaitAsync(cancellationToken);
        try
        {
            string path;
            if (existingName is not null)
            {
                if (await FindFileAsync(existingName, cancellationToken) is not { } found)
                {
                    return $"No file defines the sequence '{existingName}' any more.";
                }

                path = found;
                document.Name = existingName;
            }
            else
            {
                if (!CanAdd)
                {
                    return "This host was given one sequence file, not a folder: a new sequence needs a folder (nudge serve --sequences DIR).";
                }

                var name = document.Name?.Trim() ?? "";
                if (!SafeName().IsMatch(name))
                {
                    return "name: write a name of letters, digits, '-' and '_' (it becomes the file's name), such as 'onboarding'.";
                }

                if (Find(name) is not null || await FindFileAsync(name, cancellationToken) is not null)
                {
                    return $"name: a sequence named '{name}' already exists.";
                }

                path = Path.Combine(_options.SequencesPath!, name + ".yaml");
                if (File.Exists(path))
                {
                    return $"name: the file {Path.GetFileName(path)} already exists.";
                }
            }

            var text = document.ToYaml();
            try
            {
                await SequenceFile.ParseAsync(text, Path.GetFileName(path), TemplatesFolder ?? "", cancellationToken);
            }
            catch (SequenceFileException ex)
            {
                return ex.Message;
            }

            var previous = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
            await FileReplacer.WriteAsync(path, text, cancellationToken);
            try
            {
                await ReloadCoreAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is SequenceFileException or ArgumentException)
            {
                // Valid alone but not beside the others (or the folder changed under us): leave the folder as it was.
                if (previous is null)
                {
                    File.Delete(path);
                }
                else
                {
                    await FileReplacer.WriteAsync(path, previous, CancellationToken.None);
                }

                return ex.Message;
            }

            return null;
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>
    /// Loads the files again into the catalog (after a template was saved, say), so that the worker of this process uses
    /// them from its next cycle.
    /// </summary>
    /// <returns><see langword="null"/> when loaded; otherwise why not (the catalog is left as it was).</returns>
    public async Task<string?> ReloadAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
        {
            return null;
        }

        await _saving.WaitAsync(cancellationToken);
        try
        {
            await ReloadCoreAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is SequenceFileException or ArgumentException)
        {
            return ex.Message;
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _saving.Dispose();

    private string? TemplatesFolder => _options.TemplatesDirectory;

    private async Task ReloadCoreAsync(CancellationToken cancellationToken)
    {
        var path = _options.SequencesPath!;
        IReadOnlyList<SequenceDefinition> loaded = File.Exists(path)
            ? [await SequenceFile.LoadAsync(path, cancellationToken)]
            : await SequenceFile.LoadDirectoryAsync(path, cancellationToken);
        if (_options.Sequences is { } catalog)
        {
            catalog.Replace(loaded);
        }
        else
        {
            _options.Sequences = new SequenceCatalog(loaded);
        }
    }

    private async Task<string?> FindFileAsync(string name, CancellationToken cancellationToken)
    {
        if (_options.SequencesPath is not { } path)
        {
            return null;
        }

        var files = File.Exists(path)
            ? [path]
            : Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*.yaml").Concat(Directory.EnumerateFiles(path, "*.yml")).Order(StringComparer.Ordinal).ToList()
                : [];
        foreach (var file in files)
        {
            try
            {
                if (SequenceDocument.Read(await File.ReadAllTextAsync(file, cancellationToken), Path.GetFileName(file)).Name == name)
                {
                    return file;
                }
            }
            catch (SequenceFileException)
            {
                // A file being edited by hand may not parse; it is not this sequence's file as far as we can tell.
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
