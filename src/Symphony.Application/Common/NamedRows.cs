using Microsoft.EntityFrameworkCore;
using Symphony.Domain.Common;

namespace Symphony.Application.Common;

/// <summary>
/// The rules of resources named within a parent (a workspace, a vault): a name is unique among the parent's active
/// rows (409 NAME_EXISTS on <c>name</c>), and a parent holds at most so many (409 LIMIT_EXCEEDED).
/// <c>siblings</c> are the parent's rows; <c>noun</c> and <c>parent</c> word the messages.
/// </summary>
public static class NamedRows
{
    /// <summary>The name is free among the siblings; <paramref name="property"/> is the naming property (<c>Code</c> for tags).</summary>
    public static async Task EnsureNameFreeAsync<T>(this IQueryable<T> siblings, string name, string noun, string parent, CancellationToken ct, string property = "Name")
        where T : class
    {
        if (await siblings.AnyAsync(r => EF.Property<string>(r, property) == name, ct))
            throw DomainException.NameExists(property.ToLowerInvariant(), $"{noun} '{name}' already exists in this {parent}.");
    }

    /// <summary>Before creating a row: its name (or code) is free and the parent has room for one more.</summary>
    public static async Task EnsureRoomForAsync<T>(
        this IQueryable<T> siblings, string name, int limit, string noun, string plural, string parent, CancellationToken ct, string property = "Name")
        where T : class
    {
        await siblings.EnsureNameFreeAsync(name, noun, parent, ct, property);
        if (await siblings.CountAsync(ct) >= limit)
            throw new DomainException(MessageCodes.LimitExceeded, $"A {parent} holds at most {limit} {plural}.");
    }

    /// <summary>The name after a rename: <paramref name="wanted"/> when given and free, the current one when not given.</summary>
    public static async Task<string> RenameAsync<T>(this IQueryable<T> siblings, string current, string? wanted, string noun, string parent, CancellationToken ct)
        where T : class
    {
        if (wanted is null || wanted == current) return current;
        await siblings.EnsureNameFreeAsync(wanted, noun, parent, ct);
        return wanted;
    }
}
