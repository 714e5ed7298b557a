using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>Every principal against every endpoint, with the exact status; plus checks that nothing escapes the table.</summary>
public abstract partial class PermissionMatrixTests(ServerFixture server)
{
    private static readonly ConditionalWeakTable<ServerFixture, Task<MatrixContext>> Contexts = new();

    public static TheoryData<string, Principal> Cases
    {
        get
        {
            var data = new TheoryData<string, Principal>();
            foreach (var row in PermissionMatrix.Rows)
            {
                foreach (var principal in Enum.GetValues<Principal>())
                    data.Add(row.Endpoint, principal);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachPrincipalGetsExactlyTheStatusInTheMatrix(string endpoint, Principal principal)
    {
        var row = PermissionMatrix.Rows.Single(r => r.Endpoint == endpoint);
        var context = await Contexts.GetValue(server, MatrixContext.CreateAsync);

        using var request = await row.Request(context);
        using var response = await context.ClientFor(principal).SendAsync(request);

        var expected = row.StatusFor(principal);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode,
            $"{endpoint} as {principal}: expected {expected}, got {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        if (expected is 401 or 403)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(expected == 401 ? "UNAUTHORIZED" : "FORBIDDEN", await OrgAccess.CodeAsync(response));
        }
    }

    [Fact]
    public void EveryEndpointTheServerMapsIsInTheMatrixAndNoMore()
    {
        var mapped = server.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);
        var listed = PermissionMatrix.Rows.Select(r => r.Endpoint).ToHashSet(StringComparer.Ordinal);

        Assert.Equal([], mapped.Except(listed).Order());
        Assert.Equal([], listed.Except(mapped).Order());
    }

    [Fact]
    public void TheSecurityDocumentMirrorsTheMatrix()
    {
        var documented = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in DocRow().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "SECURITY.md"))))
            documented[match.Groups["endpoint"].Value] = Regex.Replace(match.Groups["statuses"].Value, @"\s+", "");

        foreach (var row in PermissionMatrix.Rows)
        {
            Assert.True(documented.TryGetValue(row.Endpoint, out var statuses), $"docs/SECURITY.md does not list {row.Endpoint}");
            Assert.Equal($"|{string.Join('|', row.Statuses)}|", statuses);
        }
        Assert.Equal(PermissionMatrix.Rows.Count, documented.Count);
    }

    // A group's MapGet("") is the group prefix with a trailing slash; both forms reach the same endpoint.
    private static string Normalize(string route) => route.Length > 1 ? route.TrimEnd('/') : route;

    // | `GET /api/org/members` | 200 | 200 | 200 | 403 | 403 | 403 | 403 | 401 |
    [GeneratedRegex(@"^\| `(?<endpoint>[A-Z]+ [^`]+)` (?<statuses>(\|\s*\d{3}\s*){8}\|)\s*$", RegexOptions.Multiline)]
    private static partial Regex DocRow();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mudbase.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Mudbase.slnx not found above " + AppContext.BaseDirectory);
    }
}

public sealed class PermissionMatrixOnSqlite(SqliteServer server) : PermissionMatrixTests(server), IClassFixture<SqliteServer>;

public sealed class PermissionMatrixOnPostgres(PostgresServer server) : PermissionMatrixTests(server), IClassFixture<PostgresServer>;
