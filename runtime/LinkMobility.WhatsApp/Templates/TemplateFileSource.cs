using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LinkMobility.WhatsApp.Templates;

/// <summary>
/// A templates file (WhatsApp's template list, JSON or YAML) read at start and again whenever it changes on disk, so
/// the client checks each template message against the file as it is now: pause a template there, and the next send
/// of it is refused. A change with errors is not taken: the templates before it stay, and <see cref="LastError"/> and
/// the log say why.
/// </summary>
public sealed partial class TemplateFileSource : TemplateSource, IDisposable
{
    private readonly string? _linkNamespace;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly object _reading = new();

    /// <summary>Reads the file and starts watching it.</summary>
    /// <param name="path">The templates file.</param>
    /// <param name="linkNamespace">LINK's namespace for templates that do not name their own.</param>
    /// <param name="logger">Where reloads and files with errors are logged.</param>
    /// <exception cref="TemplateFileException">The file has errors; each is listed, at its line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public TemplateFileSource(string path, string? linkNamespace = null, ILogger<TemplateFileSource>? logger = null)
        : base(TemplateFileException.ThrowIfInvalid(TemplateFile.Load(path, linkNamespace), path).Templates)
    {
        Path = System.IO.Path.GetFullPath(path);
        _linkNamespace = linkNamespace;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        // The directory is watched for the file's name: an editor that saves by writing a new file and renaming it
        // over the old one raises Renamed or Created, not Changed.
        _watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, e) =>
        {
            if (string.Equals(e.FullPath, Path, StringComparison.Ordinal)) Reload();
        };
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Why the file's last change was not taken (the templates before it stay); null when the current templates are the file's.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// Reads the file again now; the watcher calls it on every change. Returns whether the file's templates are the
    /// current ones afterwards. Never throws: a file that cannot be read or has errors leaves the templates as they were.
    /// </summary>
    public bool Reload()
    {
        lock (_reading)
        {
            try
            {
                TemplateFileResult read = TemplateFileException.ThrowIfInvalid(TemplateFile.Load(Path, _linkNamespace), Path);
                LastError = null;
                // A save raises several events; only a change of the templates is one for the client.
                if (read.Templates.Encode() == Current.Encode()) return true;
                Update(read.Templates);
                LogReloaded(_logger, Path, read.Templates.Definitions.Count);
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TemplateFileException)
            {
                LastError = ex.Message;
                LogNotTaken(_logger, Path, ex.Message);
                return false;
            }
        }
    }

    /// <summary>Stops watching the file.</summary>
    public void Dispose() => _watcher.Dispose();

    [LoggerMessage(20, LogLevel.Information, "Templates file {Path} reloaded: {Count} template definition(s)")]
    private static partial void LogReloaded(ILogger logger, string path, int count);

    [LoggerMessage(21, LogLevel.Warning, "Templates file {Path} changed but was not taken; the templates before it stay: {Reason}")]
    private static partial void LogNotTaken(ILogger logger, string path, string reason);
}
