using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>
/// The one bUnit setup for MudBlazor components: Mud services, loose JS interop (Mud calls JS we do
/// not assert on), and the popover provider that menus, selects and dialogs render into.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are async-only disposables; xunit 2 calls this before Dispose, which is then a no-op.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    /// <summary>Renders the popover/dialog providers so dialogs opened by a component can be found.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderDialogProvider()
    {
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }
}
