//! Synthetic developers for the benchmarks: generated inside SQLite in one statement.

use super::{Store, StoreError};

impl Store {
    /// Inserts `count` developers: 70% approved, 20% pending, 5% rejected, 5% revoked, with
    /// emails `userNNNNNNN@example.com` and names `Dev NNNNNNN`, one second apart.
    #[doc(hidden)]
    pub async fn bench_fill_developers(&self, count: i64) -> Result<(), StoreError> {
        sqlx::query(
            "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?1)
             INSERT INTO developers (id, email, email_normalized, full_name, name_normalized, password_hash, status, created_at, updated_at)
             SELECT printf('%08d-0000-4000-8000-000000000000', n),
                    printf('user%07d@example.com', n), printf('user%07d@example.com', n),
                    printf('Dev %07d', (n * 7919) % ?1), printf('dev %07d', (n * 7919) % ?1),
                    'not-a-hash',
                    CASE WHEN n % 20 < 14 THEN 'approved' WHEN n % 20 < 18 THEN 'pending'
                         WHEN n % 20 = 18 THEN 'rejected' ELSE 'revoked' END,
                    1700000000000 + n * 1000, 1700000000000 + n * 1000
             FROM seq",
        )
        .bind(count)
        .execute(&self.pool)
        .await?;
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    /// The keyset position half-way through the approved developers, by request time.
    #[doc(hidden)]
    pub async fn bench_middle_cursor(&self) -> Result<String, StoreError> {
        let (created_at, id): (i64, String) = sqlx::query_as(
            "SELECT created_at, id FROM developers WHERE status = 'approved'
             ORDER BY created_at, id LIMIT 1
             OFFSET (SELECT n / 2 FROM developer_counts WHERE status = 'approved')",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(format!("{created_at}\t{id}"))
    }
}
