# Nesting and parentheses inside command substitution
echo $(echo $(echo $(echo three)))
echo "$(case x in x) echo case-in-subst ;; esac)"
echo $( (echo sub) )
echo $(echo "a)b")
echo $(echo 'c)d' # comment )
)
