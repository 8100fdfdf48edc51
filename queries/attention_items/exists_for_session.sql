SELECT detail FROM attention_items WHERE kind = $1 AND detail LIKE $2
