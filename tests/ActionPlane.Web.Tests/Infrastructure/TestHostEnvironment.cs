using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>A host environment by name, for testing what changes between Development and Production.</summary>
public sealed class TestHostEnvironment(string name) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = name;
    public string ApplicationName { get; set; } = "ActionPlane.Web";
    public string ContentRootPath { get; set; } = "";
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
