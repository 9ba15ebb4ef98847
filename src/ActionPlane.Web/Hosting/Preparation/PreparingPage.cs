using System.Text.Encodings.Web;

namespace ActionPlane.Web.Hosting.Preparation;

/// <summary>
/// The page every page request gets while the demo is being prepared: plain HTML (the Blazor app cannot serve yet),
/// rendered with the current progress and polling <see cref="PreparationGate.StatusPath"/>; when the demo is ready it
/// loads the address the user asked for. Without script it refreshes itself. A failure shows its error.
/// </summary>
internal static class PreparingPage
{
    public static async Task WriteAsync(HttpContext context, DemoPreparationStatus status)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(Html(status), context.RequestAborted);
    }

    internal static string Html(DemoPreparationStatus status)
    {
        var e = HtmlEncoder.Default;
        var failed = status.State == DemoPreparationStatus.Failed;
        var times = failed ? $"Elapsed {status.Elapsed}" : $"Elapsed {status.Elapsed}{(status.TimeLeft is null ? "" : $" · {status.TimeLeft} left")}";
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1.0" />
              <title>Preparing the demo · ActionPlane</title>
              <noscript><meta http-equiv="refresh" content="10" /></noscript>
              <style>
                body { margin: 0; font-family: Roboto, "Helvetica Neue", Arial, sans-serif; background: #f5f5f5; color: #424242; }
                main { max-width: 560px; margin: 12vh auto; background: #fff; border-radius: 6px; padding: 2rem 2.25rem;
                       box-shadow: 0 2px 4px rgba(0,0,0,.15); }
                h1 { font-size: 1.5rem; font-weight: 500; margin: 0 0 1rem; }
                .bar { height: 10px; background: #e0e0e0; border-radius: 5px; overflow: hidden; margin: .75rem 0; }
                .bar > div { height: 100%; background: #594ae2; transition: width .5s; }
                .failed .bar > div { background: #f64e62; }
                #times, .note { color: #757575; font-size: .9rem; }
                #error { color: #c62828; white-space: pre-wrap; }
              </style>
            </head>
            <body>
              <main class="{{(failed ? "failed" : "")}}">
                <h1>{{(failed ? "The demo could not be prepared" : "Preparing the demo")}}</h1>
                <p id="phase">{{e.Encode(status.Description)}}</p>
                <div class="bar" role="progressbar" aria-label="Demo preparation" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{{status.Percent}}">
                  <div id="fill" style="width: {{status.Percent}}%"></div>
                </div>
                <p id="times">{{e.Encode(times)}}</p>
                <p id="error"{{(failed ? "" : " hidden")}}>{{e.Encode(status.Error ?? "")}}</p>
                <p class="note" id="note">{{(failed
                    ? "The app stays up; the error is in its log. Restart it to try again: it carries on from what was stored."
                    : "The first start generates a demo tenant, trains its models and replays weeks of simulated history, so the app opens with data and a closed loop behind it. This page moves on by itself when the demo is ready.")}}</p>
              </main>
              <script>
                (function () {
                  const $ = id => document.getElementById(id);
                  async function poll() {
                    try {
                      const response = await fetch("{{PreparationGate.StatusPath}}", { cache: "no-store" });
                      const s = await response.json();
                      // Ready: the address asked for opens; failed: the server renders the error (and this stops polling).
                      if (s.state !== "preparing") { location.replace(location.href); return; }
                      $("phase").textContent = s.description;
                      $("fill").style.width = s.percent + "%";
                      document.querySelector(".bar").setAttribute("aria-valuenow", s.percent);
                      $("times").textContent = "Elapsed " + s.elapsed + (s.timeLeft ? " · " + s.timeLeft + " left" : "");
                    } catch (_) { /* the app is restarting or busy: ask again */ }
                    setTimeout(poll, 1000);
                  }
                  if (!document.querySelector("main.failed")) setTimeout(poll, 1000);
                })();
              </script>
            </body>
            </html>
            """;
    }
}
