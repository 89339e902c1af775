-- The course's shop: customers buy products, grouped in categories, through orders.
-- Portable SQL: the same text runs on SQLite and PostgreSQL. Ids are BIGINT and given
-- explicitly, money is BIGINT cents, timestamps are TEXT in ISO 8601 UTC
-- ('2024-03-01T09:30:00Z'), which sorts correctly as text.

CREATE TABLE customers (
    id         BIGINT PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    city       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE categories (
    id   BIGINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE products (
    id          BIGINT PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    category_id BIGINT NOT NULL REFERENCES categories (id),
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
    stock       BIGINT NOT NULL CHECK (stock >= 0)
);

CREATE TABLE orders (
    id          BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    status      TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
    created_at  TEXT NOT NULL
);

CREATE TABLE order_items (
    order_id         BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id       BIGINT NOT NULL REFERENCES products (id),
    quantity         BIGINT NOT NULL CHECK (quantity > 0),
    unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents >= 0),
    PRIMARY KEY (order_id, product_id)
);

CREATE TABLE reviews (
    id          BIGINT PRIMARY KEY,
    product_id  BIGINT NOT NULL REFERENCES products (id),
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    rating      BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body        TEXT NOT NULL,
    UNIQUE (product_id, customer_id)
);

-- Store credit: every customer with an account can pay with its balance.
CREATE TABLE accounts (
    id            BIGINT PRIMARY KEY,
    customer_id   BIGINT NOT NULL UNIQUE REFERENCES customers (id),
    balance_cents BIGINT NOT NULL CHECK (balance_cents >= 0)
);
