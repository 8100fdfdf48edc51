SELECT EXISTS (SELECT 1 FROM attention_items WHERE kind = $1 AND detail LIKE $2) AS "found!: bool"
