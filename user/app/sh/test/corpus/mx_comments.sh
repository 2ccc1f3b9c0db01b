# Comments in odd places
echo a # trailing
# whole line
echo b#not-comment
if true # comment after condition
then # after then
  echo c
fi # after fi
case x in # comment
  x) echo d ;; # comment
esac
echo 'e # in quotes'
