using System.Reflection;
using Nudge.Core.Abstractions;

namespace Nudge.IntegrationTests.Web;

/// <summary>A store that passes every call to a real one, but fails the one named: an outage in the middle of a request.</summary>
public class FailingStore : DispatchProxy
{
    private IEngineStore _inner = null!;
    private string _failing = "";

    /// <summary>A store over <paramref name="inner"/> whose <paramref name="failingMethod"/> throws.</summary>
    public static IEngineStore Over(IEngineStore inner, string failingMethod)
    {
        var store = Create<IEngineStore, FailingStore>();
        var proxy = (FailingStore)(object)store;
        proxy._inner = inner;
        proxy._failing = failingMethod;
        return store;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return targetMethod.Name == _failing
            ? throw new InvalidOperationException("database is on fire at /var/lib/nudge/nudge.db")
            : targetMethod.Invoke(_inner, args);
    }
}
