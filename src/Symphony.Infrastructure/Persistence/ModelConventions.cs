using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Symphony.Domain.Common;

namespace Symphony.Infrastructure.Persistence;

/// <summary>
/// What every entity's mapping has in common, applied after the per-entity configurations: snake_case columns,
/// JSON documents, UTC times on SQLite, and optimistic concurrency with soft delete for aggregates.
/// </summary>
public static class ModelConventions
{
    private const string JsonAnnotation = "Symphony:Json";

    /// <summary>Enums are stored as their lower-case names.</summary>
    public static ValueConverter<TEnum, string> LowerCase<TEnum>() where TEnum : struct, Enum =>
        new(v => v.ToString().ToLowerInvariant(), v => Enum.Parse<TEnum>(v, true));

    /// <summary>An enum stored as the API writes it: VerifyCa as verify_ca.</summary>
    public static ValueConverter<TEnum, string> SnakeCase<TEnum>() where TEnum : struct, Enum =>
        new(v => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()), v => Enum.Parse<TEnum>(v.Replace("_", ""), true));

    /// <summary>A JSON document: jsonb on PostgreSQL (queryable, compact), text on SQLite.</summary>
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property) => property.HasAnnotation(JsonAnnotation, true);

    public static void Apply(ModelBuilder modelBuilder, bool isSqlite)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
                if (!isSqlite && property.FindAnnotation(JsonAnnotation) is not null)
                    property.SetColumnType("jsonb");
                if (isSqlite && property.ClrType == typeof(DateTime))
                    property.SetValueConverter(UtcOnRead);
                if (isSqlite && property.ClrType == typeof(DateTime?))
                    property.SetValueConverter(NullableUtcOnRead);
            }
            if (typeof(VersionedEntity).IsAssignableFrom(entity.ClrType))
            {
                entity.FindProperty(nameof(VersionedEntity.Version))!.IsConcurrencyToken = true;
                entity.SetQueryFilter(ActiveOnly(entity.ClrType));
            }
        }
    }

    private static LambdaExpression ActiveOnly(Type type)
    {
        var parameter = Expression.Parameter(type, "e");
        return Expression.Lambda(Expression.Property(parameter, nameof(VersionedEntity.IsActive)), parameter);
    }

    // SQLite keeps no time zone: everything stored is UTC, so mark it UTC when read back.
    private static readonly ValueConverter<DateTime, DateTime> UtcOnRead =
        new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtcOnRead =
        new(v => v, v => v == null ? null : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
