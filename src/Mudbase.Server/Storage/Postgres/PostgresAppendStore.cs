namespace Mudbase.Server.Storage.Postgres;

/// <summary>Append sessions on pooled connections: any number at once, in this process and others.</summary>
internal sealed class PostgresAppendStore(PostgresDatabase database, IntakeNode node, TimeProvider time) : IAppendStore
{
    public async Task<IAppendSession> BeginAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken);
                return new PostgresAppendSession(database, connection, transaction, node, time);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
        catch (Exception e) when (PostgresFailures.IsUnavailable(e, cancellationToken))
        {
            throw database.Unavailable(e);
        }
    }
}
