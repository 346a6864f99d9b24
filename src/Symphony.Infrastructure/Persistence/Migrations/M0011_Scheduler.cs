using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// The scheduler: Quartz.NET's job store tables and the firings of jobs. Quartz's tables are made by the schema
/// script its own assembly carries for each provider (every statement creates only what is missing), with
/// Symphony's table prefix; Quartz itself is configured not to touch the schema.
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261129000011_Scheduler")]
public sealed class M0011_Scheduler : Migration
{
    /// <summary>The prefix of Quartz's tables, as the job store is configured with it.</summary>
    public const string QuartzTablePrefix = "qrtz_";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var statement in QuartzSchema(migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL" ? "postgres" : "sqlite"))
            migrationBuilder.Sql(statement);

        var schema = new SchemaBuilder(migrationBuilder);
        schema.Table("scheduler_firings", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Text("job_id", 100)
            .Column<DateTime>("scheduled_at")
            .Column<DateTime>("fired_at")
            .Text("outcome", 20)
            .Text("reason", 500, nullable: true)
            .Column<Guid?>("run_id")
            .Column<bool>("manual", defaultValue: false)
            .Text("node", 200)
            .Create();
        // One firing per due time (a firing repeated after a node's crash finds it); history newest first.
        schema.Unique("scheduler_firings", "workspace_id", "job_id", "scheduled_at");
        schema.Index("scheduler_firings", "workspace_id", "fired_at");
        // The overlap rule looks for a job's unfinished run by its correlation id.
        schema.Index("runs", "workspace_id", "correlation_id");
    }

    /// <summary>The statements of Quartz's schema script for a provider ("postgres", "sqlite"), prefix applied.</summary>
    public static IEnumerable<string> QuartzSchema(string provider)
    {
        var assembly = typeof(Quartz.IJob).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Quartz.Impl.AdoJobStore.Schema.create_{provider}.sql")
            ?? throw new InvalidOperationException($"Quartz.NET carries no schema script for {provider}.");
        var script = new StreamReader(stream).ReadToEnd().Replace("{0}", QuartzTablePrefix).Replace("{1}", QuartzTablePrefix);
        return script.Split("\n--;;", StringSplitOptions.TrimEntries)
            .Select(part => string.Join('\n', part.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(statement => statement.Length > 0)
            .ToList();
    }
}
