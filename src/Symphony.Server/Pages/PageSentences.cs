using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Symphony.Server.Pages;

/// <summary>
/// What a page model says of what it did ("'orders-db' restored."), in the reader's language, from the page's own
/// resource file: the one its view's <c>L[...]</c> reads. ConsoleTranslationTests holds these keys to a translation too.
/// </summary>
public static class PageSentences
{
    public static string Say(this PageModel page, string text, params object[] arguments)
    {
        var view = page.PageContext.ActionDescriptor.RelativePath; // "/Pages/Fleet/Index.cshtml"
        var application = typeof(PageSentences).Assembly.GetName().Name!;
        var baseName = application + "." + view.TrimStart('/')[..^Path.GetExtension(view).Length].Replace('/', '.');
        return page.HttpContext.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(baseName, application)[text, arguments];
    }
}
