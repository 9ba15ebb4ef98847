using ActionPlane.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

// A private PostgreSQL cluster unless ConnectionStrings:ActionPlane points at a database.
await using var database = await EmbeddedDatabase.TryStartAsync(builder);
if (database is null)
    return 1; // the reason was printed as one line

WebApplication app;
try
{
    app = builder.AddActionPlaneWeb().Build();
}
catch (StartupConfigurationException e)
{
    await Console.Error.WriteLineAsync($"actionplane: {e.Message}");
    return 1;
}

app.UseActionPlaneWeb();
await app.PrepareActionPlaneAsync(); // the policy revision; the demo tenant is prepared in the background while the app answers

await app.RunAsync();
return 0;

/// <summary>The web host's entry point; public so the tests can start the real app.</summary>
public partial class Program;
