using Nudge.Core.Abstractions;

namespace Nudge.Web.Dashboard;

/// <summary>
/// Whether the first-run setup is over: until an account exists every dashboard page leads to <c>/setup</c>, and after
/// that <c>/setup</c> is closed for good.
/// </summary>
public sealed class AccountGate
{
    private readonly IEngineStore _store;

    // Accounts are never deleted, so "there is one" is cached once seen; "there is none" is asked again each time,
    // because another process on the same database may have finished the setup meanwhile.
    private volatile bool _hasAccount;

    /// <param name="store">Where the accounts are.</param>
    public AccountGate(IEngineStore store)
    {
        _store = store;
    }

    /// <summary>Whether an account exists.</summary>
    public async ValueTask<bool> HasAccountAsync(CancellationToken cancellationToken)
    {
        if (!_hasAccount && await _store.CountUsersAsync(cancellationToken) > 0)
        {
            _hasAccount = true;
        }

        return _hasAccount;
    }

    /// <summary>Records that the setup made the account (or found one).</summary>
    public void MarkCreated() => _hasAccount = true;
}
