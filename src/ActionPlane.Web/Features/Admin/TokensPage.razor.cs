using ActionPlane.Web.Auth;
using ActionPlane.Web.Components;
using ActionPlane.Web.Features.Governance;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace ActionPlane.Web.Features.Admin;

public partial class TokensPage
{
    [Inject] private ServiceTokenService Tokens { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private IReadOnlyList<TokenResponse>? _tokens;
    private string? _loadError;
    private string? _name;
    private readonly HashSet<string> _roles = [];
    private string? _scopes;
    private int _days = ServiceTokenService.DefaultDays;
    private string? _error;
    private string? _created;
    private bool _busy;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loadError = null;
        try
        {
            var now = Clock.GetUtcNow();
            _tokens = [.. (await Tokens.ListAsync(CancellationToken.None)).Select(t => TokenResponse.From(t, now))];
        }
        catch (Exception e) when (e is InvalidOperationException || DatabaseFailures.Is(e))
        {
            _loadError = DatabaseFailures.Describe("The service tokens", e);
        }
    }

    private void Toggle(string role, bool on)
    {
        if (on)
            _roles.Add(role);
        else
            _roles.Remove(role);
    }

    private async Task CreateAsync()
    {
        _created = null;
        var scopes = (_scopes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = ServiceTokenService.Validate(_name, [.. _roles], scopes, _days);
        if (errors.Count > 0)
        {
            _error = string.Join(" ", errors.Values.SelectMany(v => v));
            return;
        }
        _busy = true;
        try
        {
            var me = (await Auth).User.ToActor().Id;
            var (_, bearer) = await Tokens.CreateAsync(_name!, [.. _roles], scopes, _days, me, CancellationToken.None);
            _created = bearer;
            _error = null;
            _name = null;
            _roles.Clear();
            _scopes = null;
            await LoadAsync();
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _error = $"The token was not created: {e.Message.TrimEnd('.', ' ')}. Nothing was saved; try again in a moment.";
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(TokenResponse token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke token?",
            $"'{token.Name}' stops working at once. Systems using it will get 401 until given a new token.", yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
            return;
        _busy = true;
        try
        {
            await Tokens.RevokeAsync(token.Id, (await Auth).User.ToActor().Id, CancellationToken.None);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
