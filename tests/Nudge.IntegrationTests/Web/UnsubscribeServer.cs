using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Unsubscribe;
using Nudge.Storage;
using Nudge.Web.Unsubscribe;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// The unsubscribe endpoints on a loopback port of their own over a fresh SQLite file with one mailbox, the key loaded
/// lazily as from the store; the clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class UnsubscribeServer : IAsyncDisposable
{
    private readonly TestDatabase _db;
    private readonly WebApplication _app;
    private readonly long _mailboxId;

    private UnsubscribeServer(TestDatabase db, WebApplication app, IEngineStore store, long mailboxId, FakeTimeProvider time, byte[] key)
    {
        _db = db;
        _app = app;
        _mailboxId = mailboxId;
        Store = store;
        Time = time;
        Key = key;
        BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public IEngineStore Store { get; }

    public FakeTimeProvider Time { get; }

    public byte[] Key { get; }

    public static async Task<UnsubscribeServer> StartAsync(CancellationToken cancellationToken)
    {
        var db = await TestDatabase.CreateAsync(EngineStoreFactory.Sqlite, cancellationToken);
        try
        {
            var store = await db.OpenMigratedStoreAsync(cancellationToken);
            var mailboxId = await store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam Rivera", "http://127.0.0.1:1/", "token", null),
                cancellationToken);
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
            var key = RandomNumberGenerator.GetBytes(32);

            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            app.MapUnsubscribe(new Unsubscriber(store, time), _ => ValueTask.FromResult(key));
            await app.StartAsync(cancellationToken);
            return new UnsubscribeServer(db, app, store, mailboxId, time, key);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stores the contact (by email) and enrolls it in <paramref name="sequence"/>; returns the enrollment's id.</summary>
    public async Task<long> EnrollAsync(string email, string sequence, CancellationToken cancellationToken)
    {
        var contactId = await Store.UpsertContactAsync(new Contact(0, email, new Dictionary<string, string>()), cancellationToken);
        return await Store.EnrollAsync(contactId, sequence, _mailboxId, Time.GetUtcNow(), cancellationToken);
    }

    /// <summary>The path of the one-click link of an enrollment, relative to <see cref="BaseAddress"/>.</summary>
    public string LinkFor(long enrollmentId) => "unsubscribe/" + UnsubscribeToken.Create(enrollmentId, Key);

    /// <summary>A client as a mailbox provider's one-click POST is made: no cookies, no redirects.</summary>
    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }
}
