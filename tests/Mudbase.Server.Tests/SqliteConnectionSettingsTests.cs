using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Storage.Sqlite;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>The connection settings are applied once per physical connection and hold on every pooled open.</summary>
public sealed class SqliteConnectionSettingsTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task EveryOpenOfAPooledConnectionKeepsTheDurabilityAndErasureSettings()
    {
        var database = server.Factory.Services.GetRequiredService<SqliteDatabase>();
        var handles = new List<object>();
        for (var open = 0; open < 3; open++)
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            handles.Add(connection.Handle!);
            Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
            Assert.Equal("2", await PragmaAsync(connection, "synchronous"));
            Assert.Equal("1", await PragmaAsync(connection, "secure_delete"));
            Assert.Equal("1", await PragmaAsync(connection, "foreign_keys"));
            Assert.Equal("10000", await PragmaAsync(connection, "busy_timeout"));
        }
        // The pool handed back the same native connection: the later opens took the path that skips the settings.
        Assert.Single(handles.Distinct());
    }

    [Fact]
    public async Task ANewPhysicalConnectionGetsTheSettingsToo()
    {
        var database = server.Factory.Services.GetRequiredService<SqliteDatabase>();
        await using var held = await database.OpenAsync(CancellationToken.None);
        await using var second = await database.OpenAsync(CancellationToken.None);

        Assert.NotSame(held.Handle, second.Handle);
        Assert.Equal("2", await PragmaAsync(second, "synchronous"));
        Assert.Equal("1", await PragmaAsync(second, "secure_delete"));
        Assert.Equal("1", await PragmaAsync(second, "foreign_keys"));
    }

    private static async Task<string?> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
