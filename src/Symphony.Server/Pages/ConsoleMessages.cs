using System.Globalization;
using Microsoft.Extensions.Localization;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages;

/// <summary>
/// What a refused action says on a console page, in the reader's language. The use cases speak English, with the
/// names and fields that make a refusal precise; in another language the page says the message code's sentence from
/// <c>Resources/Pages/ConsoleMessages.zh-Hans.resx</c> first, and that English detail after it.
/// </summary>
public sealed class ConsoleMessages(IStringLocalizer<ConsoleMessages> sentences)
{
    public string Describe(DomainException e) => Describe(e.Code, PageErrors.Describe(e));

    /// <summary>The refusal <paramref name="code"/> with the page's own English <paramref name="detail"/>.</summary>
    public string Describe(MessageCode code, string detail)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en") return detail;
        var sentence = sentences[code.Code];
        return sentence.ResourceNotFound ? detail : $"{sentence.Value}（{detail}）";
    }
}
