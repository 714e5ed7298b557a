using NetArchTest.Rules;

namespace Mudbase.Architecture.Tests;

/// <summary>
/// Services return results in their own terms (a value, or a <c>Refusal</c>), never HTTP types: the endpoints of a
/// feature (<c>*Api</c>) map them to HTTP. The rule covers every server class named <c>*Service</c>.
/// </summary>
public sealed class ServiceResultTests
{
    private static readonly string[] HttpTypes = ["Microsoft.AspNetCore.Http", "Mudbase.Server.Http.ApiProblem"];

    [Fact]
    public void NoServiceDependsOnHttpResultsRequestsOrResponses() =>
        ProjectDependencyTests.AssertNoType(
            Services().Should().NotHaveDependencyOnAny(HttpTypes),
            "a service uses HTTP types; return a value or a Refusal and let the endpoint map it");

    [Fact]
    public void TheRuleSeesHttpTypesWhereTheyBelongInTheEndpoints()
    {
        Assert.NotEmpty(Services().GetTypes());
        var endpoints = Types.InAssembly(Assemblies.Server).That().HaveNameEndingWith("Api").And().AreClasses()
            .Should().NotHaveDependencyOnAny(HttpTypes).GetResult();
        Assert.Contains(endpoints.FailingTypes ?? [], type => type.FullName == "Mudbase.Server.Org.MemberApi");
    }

    private static PredicateList Services() =>
        Types.InAssembly(Assemblies.Server).That().HaveNameEndingWith("Service").And().AreClasses();
}
