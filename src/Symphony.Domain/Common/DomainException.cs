namespace Symphony.Domain.Common;

/// <summary>A field-level problem, reported as one entry of a problem's <c>errors</c> list.</summary>
public sealed record FieldError(string Field, string Message, string Code);

/// <summary>A rule of the domain was broken. Carries the message code the API answers with.</summary>
public class DomainException(MessageCode code, string detail, IReadOnlyList<FieldError>? errors = null)
    : Exception(detail)
{
    public MessageCode Code { get; } = code;
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];
    /// <summary>When a refusal that passes with time (a rate limit) may be tried again: the answer's Retry-After.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static DomainException NotFound(string what) =>
        new(MessageCodes.ResourceNotFound, $"{what} was not found.");

    /// <summary>409 NAME_EXISTS naming the field whose value an active row already uses.</summary>
    public static DomainException NameExists(string field, string detail) =>
        new(MessageCodes.NameExists, detail, [new FieldError(field, $"This {field.Replace('_', ' ')} is taken.", MessageCodes.NameExists.Code)]);

    public static DomainException Validation(string field, string message) =>
        new(MessageCodes.ValidationError, message, [new FieldError(field, message, MessageCodes.ValidationError.Code)]);
}
