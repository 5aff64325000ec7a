using Nudge.Core.Abstractions;

namespace Nudge.Core.Unsubscribe;

/// <summary>
/// The installation's HMAC key for unsubscribe tokens: created once in the store, so that every worker signs and
/// <c>nudge serve</c> verifies with the same one.
/// </summary>
public static class UnsubscribeKey
{
    /// <summary>The name of the secret in the store.</summary>
    public const string SecretName = "unsubscribe-hmac";

    /// <summary>Loads the key, creating it the first time.</summary>
    public static Task<byte[]> LoadAsync(IEngineStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.GetOrCreateSecretAsync(SecretName, UnsubscribeToken.MinimumKeyLength, cancellationToken);
    }
}
