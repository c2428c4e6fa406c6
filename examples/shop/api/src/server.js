'use strict';
// Shop API: orders from Postgres, a Redis cache in front, product names from the catalog service.
const express = require('express');
const Redis = require('ioredis');
const { Pool } = require('pg');

const db = new Pool({ connectionString: process.env.DATABASE_URL });
const cache = new Redis(process.env.REDIS_URL);
const catalog = `http://${process.env.CATALOG_ADDR}`;

const app = express();

app.get('/orders/:id', async (req, res) => {
  const key = `order:${req.params.id}`;
  const cached = await cache.get(key);
  if (cached) {
    return res.type('json').send(cached);
  }
  const { rows } = await db.query('SELECT id, sku, qty FROM orders WHERE id = $1', [req.params.id]);
  if (rows.length === 0) {
    return res.sendStatus(404);
  }
  const product = await fetch(`${catalog}/products/${rows[0].sku}`).then((r) => r.json());
  const order = { ...rows[0], product: product.name };
  await cache.set(key, JSON.stringify(order), 'EX', 60);
  res.json(order);
});

app.listen(3000);
