using System.Text.Json;
using FluentValidation;
using Symphony.Domain.Common;

namespace Symphony.Application.Common;

public static class Validation
{
    /// <summary>
    /// Validates and throws one VALIDATION_ERROR listing every field problem, named as in the JSON body; REQUEST_DATA_EMPTY
    /// when the only problems are empty lists a bulk request acts on (<see cref="NotEmptyList{T,TList}"/>).
    /// </summary>
    public static async Task EnsureValidAsync<T>(this IValidator<T> validator, T request, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(request, ct);
        if (result.IsValid) return;
        var errors = result.Errors
            .Select(e => new FieldError(JsonName(e.PropertyName), e.ErrorMessage,
                e.ErrorCode == MessageCodes.RequestDataEmpty.Code ? e.ErrorCode : MessageCodes.ValidationError.Code))
            .ToList();
        var code = errors.All(e => e.Code == MessageCodes.RequestDataEmpty.Code) ? MessageCodes.RequestDataEmpty : MessageCodes.ValidationError;
        throw new DomainException(code, errors[0].Message, errors);
    }

    /// <summary>The list a bulk request acts on is present and holds something: an empty one is REQUEST_DATA_EMPTY.</summary>
    public static IRuleBuilderOptions<T, TList> NotEmptyList<T, TList>(this IRuleBuilder<T, TList> rule, string field)
        where TList : System.Collections.IEnumerable? =>
        rule.Must(list => list is null || list.GetEnumerator().MoveNext())
            .WithMessage($"{field} is empty; name at least one.").WithErrorCode(MessageCodes.RequestDataEmpty.Code);

    /// <summary>"Items[0].DisplayName" becomes "items[0].display_name".</summary>
    public static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part =>
        {
            var bracket = part.IndexOf('[');
            return bracket < 0
                ? JsonNamingPolicy.SnakeCaseLower.ConvertName(part)
                : JsonNamingPolicy.SnakeCaseLower.ConvertName(part[..bracket]) + part[bracket..];
        }));

    /// <summary>An update carries the version it was based on (body field or If-Match header), for optimistic concurrency.</summary>
    public static IRuleBuilderOptions<T, int?> RequiredVersion<T>(this IRuleBuilder<T, int?> rule) =>
        rule.NotNull().WithMessage("version is required (body field or If-Match header).");

    public static IRuleBuilderOptions<T, string> ResourceName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .MaximumLength(Names.MaxNameLength)
            .Matches(Names.ResourceName())
            .WithMessage("Name must start with a letter or digit and use only letters, digits, '.', '-' and '_'.");

    /// <summary>Null for an absent or blank optional text (a cleared field).</summary>
    public static string? NullIfBlank(this string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>The code of a tag or a classification (<see cref="Names.Code"/>).</summary>
    public static IRuleBuilderOptions<T, string> Code<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Matches(Names.Code()).WithMessage("code uses lower-case letters, digits, '-' and '_', at most 50 characters.");

    /// <summary>An optional colour (<see cref="Names.Colour"/>); empty clears it.</summary>
    public static IRuleBuilderOptions<T, string?> Colour<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => string.IsNullOrEmpty(c) || Names.Colour().IsMatch(c)).WithMessage("colour is '#' and six hexadecimal digits, such as #2e7d32.");

    /// <summary>
    /// Free text (descriptions, display names, usernames, reasons) without control characters other than tab and
    /// line breaks: the rule holds however the text arrives, in JSON, a CSV import or a console form.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            .WithMessage("{PropertyName} must not contain control characters.");

    /// <summary>A JSON object given as text (settings, preferences): at most 16 KiB.</summary>
    public static IRuleBuilderOptions<T, string?> JsonObject<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || IsJsonObject(text)).WithMessage("Must be a JSON object of at most 16 KiB.");

    private static bool IsJsonObject(string text)
    {
        if (text.Length > 16 * 1024) return false;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
