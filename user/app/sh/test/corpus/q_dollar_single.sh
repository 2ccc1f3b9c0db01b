# A lone dollar and dollar before non-names
echo $ "$" a$ "b$" $.x
echo "cost: $5" '$5'
echo "${#}" "$#"
