//! One contract, run against both repositories: each scenario below is a
//! test in `memory::` and a test in `sql::`.

use std::fmt::Debug;

use repository_pattern::{
    MemoryProductRepository, Product, ProductRepository, RepoError, SqlProductRepository,
};

fn product(sku: &str, name: &str, price_cents: i64, stock: i64) -> Product {
    Product {
        sku: sku.into(),
        name: name.into(),
        price_cents,
        stock,
    }
}

/// A small tea shop's shelf.
async fn stocked<R: ProductRepository>(repo: &R) {
    for p in [
        product("TEA-SEN-50", "Sencha, 50 g", 850, 12),
        product("TEA-ROO-100", "Rooibos, 100 g", 650, 30),
        product("CUP-CLAY", "Clay cup", 1800, 4),
        product("TEA-GEN-50", "Genmaicha, 50 g", 650, 0),
    ] {
        let sku = p.sku.clone();
        repo.add(p)
            .await
            .unwrap_or_else(|e| panic!("adding {sku} to an empty shelf failed: {e:?}"));
    }
}

#[track_caller]
fn check<T: PartialEq + Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

async fn adds_and_gets_products<R: ProductRepository>(repo: R) {
    stocked(&repo).await;
    check(
        "get(\"CUP-CLAY\")",
        Ok(Some(product("CUP-CLAY", "Clay cup", 1800, 4))),
        repo.get("CUP-CLAY").await,
    );
    check(
        "get(\"TEA-OOL-50\") (never added)",
        Ok(None),
        repo.get("TEA-OOL-50").await,
    );
}

async fn rejects_a_duplicate_sku<R: ProductRepository>(repo: R) {
    stocked(&repo).await;
    check(
        "add(TEA-SEN-50 again, with another name and price)",
        Err(RepoError::DuplicateSku("TEA-SEN-50".into())),
        repo.add(product("TEA-SEN-50", "Sencha deluxe", 999, 1))
            .await,
    );
    check(
        "... then get(\"TEA-SEN-50\") (unchanged)",
        Ok(Some(product("TEA-SEN-50", "Sencha, 50 g", 850, 12))),
        repo.get("TEA-SEN-50").await,
    );
}

async fn lists_products_under_a_price_cheapest_first<R: ProductRepository>(repo: R) {
    stocked(&repo).await;
    check(
        "list_under(1800)",
        Ok(vec![
            product("TEA-GEN-50", "Genmaicha, 50 g", 650, 0),
            product("TEA-ROO-100", "Rooibos, 100 g", 650, 30),
            product("TEA-SEN-50", "Sencha, 50 g", 850, 12),
        ]),
        repo.list_under(1800).await,
    );
    check("list_under(650)", Ok(vec![]), repo.list_under(650).await);
    // CUP-CLAY comes first by sku but last by price: sorting by sku is not enough.
    check(
        "list_under(1801) (cheapest first, not in sku order)",
        Ok(vec![
            product("TEA-GEN-50", "Genmaicha, 50 g", 650, 0),
            product("TEA-ROO-100", "Rooibos, 100 g", 650, 30),
            product("TEA-SEN-50", "Sencha, 50 g", 850, 12),
            product("CUP-CLAY", "Clay cup", 1800, 4),
        ]),
        repo.list_under(1801).await,
    );
}

async fn adjusts_stock_up_and_down<R: ProductRepository>(repo: R) {
    stocked(&repo).await;
    check(
        "adjust_stock(\"TEA-SEN-50\", -5)",
        Ok(product("TEA-SEN-50", "Sencha, 50 g", 850, 7)),
        repo.adjust_stock("TEA-SEN-50", -5).await,
    );
    check(
        "... then adjust_stock(\"TEA-SEN-50\", 20)",
        Ok(product("TEA-SEN-50", "Sencha, 50 g", 850, 27)),
        repo.adjust_stock("TEA-SEN-50", 20).await,
    );
    check(
        "... then get(\"TEA-SEN-50\")",
        Ok(Some(product("TEA-SEN-50", "Sencha, 50 g", 850, 27))),
        repo.get("TEA-SEN-50").await,
    );
    check(
        "adjust_stock(\"TEA-OOL-50\", 1) (never added)",
        Err(RepoError::NotFound("TEA-OOL-50".into())),
        repo.adjust_stock("TEA-OOL-50", 1).await,
    );
}

async fn never_takes_stock_below_zero<R: ProductRepository>(repo: R) {
    stocked(&repo).await;
    check(
        "adjust_stock(\"CUP-CLAY\", -5) with 4 in stock",
        Err(RepoError::OutOfStock {
            sku: "CUP-CLAY".into(),
            stock: 4,
        }),
        repo.adjust_stock("CUP-CLAY", -5).await,
    );
    check(
        "... then get(\"CUP-CLAY\") (unchanged)",
        Ok(Some(product("CUP-CLAY", "Clay cup", 1800, 4))),
        repo.get("CUP-CLAY").await,
    );
    check(
        "adjust_stock(\"CUP-CLAY\", -4) (exactly the last four)",
        Ok(product("CUP-CLAY", "Clay cup", 1800, 0)),
        repo.adjust_stock("CUP-CLAY", -4).await,
    );
    check(
        "adjust_stock(\"TEA-GEN-50\", -1) with none in stock",
        Err(RepoError::OutOfStock {
            sku: "TEA-GEN-50".into(),
            stock: 0,
        }),
        repo.adjust_stock("TEA-GEN-50", -1).await,
    );
}

async fn removes_products<R: ProductRepository>(repo: R) {
    stocked(&repo).await;
    check(
        "remove(\"TEA-ROO-100\")",
        Ok(true),
        repo.remove("TEA-ROO-100").await,
    );
    check(
        "... then get(\"TEA-ROO-100\")",
        Ok(None),
        repo.get("TEA-ROO-100").await,
    );
    check(
        "... then remove(\"TEA-ROO-100\") again",
        Ok(false),
        repo.remove("TEA-ROO-100").await,
    );
    check(
        "... then add(TEA-ROO-100) again",
        Ok(()),
        repo.add(product("TEA-ROO-100", "Rooibos, 100 g", 700, 10))
            .await,
    );
}

async fn memory_repository() -> MemoryProductRepository {
    MemoryProductRepository::default()
}

async fn sql_repository() -> SqlProductRepository {
    let pool = course_support::fresh_database().await;
    SqlProductRepository::new(pool)
        .await
        .unwrap_or_else(|e| panic!("creating the products table failed: {e:?}"))
}

/// Runs each scenario against each repository, as `memory::<scenario>` and `sql::<scenario>`.
macro_rules! contract {
    ($($scenario:ident),* $(,)?) => {
        mod memory {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(super::memory_repository().await).await;
                }
            )*
        }
        mod sql {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(super::sql_repository().await).await;
                }
            )*
        }
    };
}

contract!(
    adds_and_gets_products,
    rejects_a_duplicate_sku,
    lists_products_under_a_price_cheapest_first,
    adjusts_stock_up_and_down,
    never_takes_stock_below_zero,
    removes_products,
);
