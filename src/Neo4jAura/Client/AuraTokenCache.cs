using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Errors;

namespace Neo4jAura.Client;

/// <summary>One bearer token as the token endpoint issued it. ToString never shows the token.</summary>
internal sealed class AuraCachedToken
{
    public AuraCachedToken(string accessToken, DateTimeOffset issuedOn, DateTimeOffset expiresOn, DateTimeOffset renewAfter)
    {
        AccessToken = accessToken;
        IssuedOn = issuedOn;
        ExpiresOn = expiresOn;
        RenewAfter = renewAfter;
    }

    public string AccessToken { get; }
    public DateTimeOffset IssuedOn { get; }
    public DateTimeOffset ExpiresOn { get; }
    /// <summary>From this moment the token is renewed before use (shortly before it expires).</summary>
    public DateTimeOffset RenewAfter { get; }
    /// <summary>
    /// True for a token fetched because the API refused its predecessor: while it is fresh, its refusals are
    /// permission errors (unless the very request it is refused for worked with it before).
    /// </summary>
    public bool MadeAfterRefusal { get; init; }
    /// <summary>True once a refusal of this token has caused a renewal (at most one per token). Guarded by the cache's lock.</summary>
    internal bool Challenged { get; set; }

    /// <summary>Requests (method and path) this token was accepted for; kept only for tokens made after a refusal, bounded.</summary>
    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);

    /// <summary>Notes that the API accepted this token for a request.</summary>
    internal void Accepted(string request)
    {
        if (!MadeAfterRefusal) return;
        lock (_accepted) if (_accepted.Count < 1024) _accepted.Add(request);
    }

    internal bool WasAccepted(string request)
    {
        lock (_accepted) return _accepted.Contains(request);
    }

    public override string ToString() => $"bearer token (expires {ExpiresOn:u})";
}

/// <summary>
/// The process-wide token cache of one set of credentials (base URI, client id, secret): every AuraClient,
/// runspace and thread with those credentials shares it. At most one token request is in flight; every caller
/// that needs a token meanwhile awaits that same request. Callers that cancel leave at once; the request itself
/// is cancelled only when no caller waits for it any more.
/// </summary>
internal sealed class AuraTokenCache
{
    private readonly object _gate = new();
    private AuraCachedToken? _current;
    private Pending? _pending;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private Func<TimeSpan, AuraApiException>? _blockedError;

    /// <summary>The cached token, valid or not (null when none).</summary>
    public AuraCachedToken? Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>How many token requests this cache started (tests and diagnostics).</summary>
    public int FetchCount { get; private set; }

    /// <summary>
    /// A token that is not due for renewal at <paramref name="now"/>: the cached one, or the one a request in flight
    /// brings, or a new one from <paramref name="fetch"/>.
    /// </summary>
    public Task<AuraCachedToken> GetAsync(Func<CancellationToken, Task<AuraCachedToken>> fetch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Pending pending;
        var start = false;
        lock (_gate)
        {
            var current = _current;
            if (current is not null && now < current.RenewAfter) return Task.FromResult(current);
            if (_pending is null)
            {
                if (now < _blockedUntil && _blockedError is not null)
                {
                    // The token endpoint said 429 with Retry-After: asking again now would only burn the hourly budget.
                    throw _blockedError(_blockedUntil - now);
                }
                _pending = new Pending();
                FetchCount++;
                start = true;
            }
            pending = _pending;
            pending.Waiters++;
        }
        if (start) _ = RunAsync(pending, fetch);
        return WaitAsync(pending, cancellationToken);
    }

    private async Task RunAsync(Pending pending, Func<CancellationToken, Task<AuraCachedToken>> fetch)
    {
        try
        {
            var token = await fetch(pending.Cancellation.Token).ConfigureAwait(false);
            lock (_gate)
            {
                if (ReferenceEquals(_pending, pending)) _pending = null;
                // Even an abandoned request's token is kept: it was issued and counts against the hourly budget.
                if (_current is null || token.ExpiresOn >= _current.ExpiresOn) _current = token;
            }
            pending.Completion.TrySetResult(token);
        }
        catch (OperationCanceledException ex)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_pending, pending)) _pending = null;
            }
            pending.Completion.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_pending, pending)) _pending = null;
            }
            pending.Completion.TrySetException(ex);
        }
        finally
        {
            pending.Cancellation.Dispose();
        }
    }

    private async Task<AuraCachedToken> WaitAsync(Pending pending, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return await pending.Completion.Task.ConfigureAwait(false);
        }
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
        {
            var first = await Task.WhenAny(pending.Completion.Task, cancelled.Task).ConfigureAwait(false);
            if (!ReferenceEquals(first, pending.Completion.Task))
            {
                Leave(pending);
                throw new OperationCanceledException(cancellationToken);
            }
        }
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    private void Leave(Pending pending)
    {
        var cancel = false;
        lock (_gate)
        {
            pending.Waiters--;
            if (pending.Waiters == 0 && !pending.Completion.Task.IsCompleted)
            {
                // Nobody waits any more: detach it so that the next caller starts afresh, and stop it.
                if (ReferenceEquals(_pending, pending)) _pending = null;
                cancel = true;
            }
        }
        if (cancel)
        {
            try { pending.Cancellation.Cancel(); }
            catch (ObjectDisposedException) { }
        }
    }

    /// <summary>How long a token made after a refusal counts as "fetched seconds ago".</summary>
    public static readonly TimeSpan FreshAge = TimeSpan.FromSeconds(60);

    /// <summary>
    /// What to do when the API refused <paramref name="token"/> (401/403) before acting on <paramref name="request"/>:
    /// try once more with a newer token another caller already has (or is fetching); renew when the refused token may
    /// have expired or been revoked; else report the refusal as a permission error. A token causes at most one
    /// renewal; a token fetched seconds ago because of a refusal is not renewed again (a second refusal is a
    /// permission error) unless the very request it is refused for worked with it before (so it did expire or was
    /// revoked); and no renewal spends the hour's reserve of token requests (<paramref name="reserveAllows"/>).
    /// So 50 forbidden calls cost at most one token, and 20 concurrent refusals cause one renewal.
    /// </summary>
    public AuraTokenRefusal OnRefused(AuraCachedToken token, string request, DateTimeOffset now, bool reserveAllows)
    {
        lock (_gate)
        {
            if (_current is { } current && !ReferenceEquals(current, token) && current.IssuedOn >= token.IssuedOn) return AuraTokenRefusal.UseCurrent;
            if (token.Challenged) return _pending is not null ? AuraTokenRefusal.UseCurrent : AuraTokenRefusal.PermissionError;
            if (token.MadeAfterRefusal && now - token.IssuedOn < FreshAge && !token.WasAccepted(request)) return AuraTokenRefusal.PermissionError;
            if (!reserveAllows) return AuraTokenRefusal.PermissionError;
            token.Challenged = true;
            if (ReferenceEquals(_current, token)) _current = null;
            return AuraTokenRefusal.Renew;
        }
    }

    /// <summary>Drops <paramref name="token"/> if it is still the cached one (so 20 concurrent 401s cause one renewal).</summary>
    public bool Invalidate(AuraCachedToken token)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_current, token)) return false;
            _current = null;
            return true;
        }
    }

    /// <summary>Drops the cached token whatever it is (Disconnect-Aura).</summary>
    public void Forget()
    {
        lock (_gate) _current = null;
    }

    /// <summary>Remembers a 429 of the token endpoint so that no token request is sent before it allows.</summary>
    public void BlockUntil(DateTimeOffset until, Func<TimeSpan, AuraApiException> error)
    {
        lock (_gate)
        {
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
                _blockedError = error;
            }
        }
    }

    private sealed class Pending
    {
        public readonly TaskCompletionSource<AuraCachedToken> Completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly CancellationTokenSource Cancellation = new();
        public int Waiters;
    }
}

/// <summary>The answer of <see cref="AuraTokenCache.OnRefused"/>.</summary>
internal enum AuraTokenRefusal
{
    /// <summary>A permission error: report the refusal, spend no token.</summary>
    PermissionError,
    /// <summary>Try once more with the token another caller renewed (or is renewing).</summary>
    UseCurrent,
    /// <summary>The token may have expired or been revoked: it was dropped; get a new one and try once more.</summary>
    Renew,
}
