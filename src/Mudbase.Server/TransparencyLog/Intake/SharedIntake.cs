using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog.Intake;

/// <summary>The intake of the configured store: present on PostgreSQL, absent on SQLite.</summary>
internal sealed record SharedIntake(IAppendIntake? Intake)
{
    public static SharedIntake Of(IServiceProvider services) => new(
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageOptions.Postgres
            ? services.GetRequiredService<IAppendIntake>()
            : null);
}
