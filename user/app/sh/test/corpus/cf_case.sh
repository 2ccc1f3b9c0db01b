# case forms
for w in start stop restart reload "" x; do
  case "$w" in
    start|restart) echo "starting ($w)" ;;
    stop) echo stopping ;;
    (reload) echo reloading ;;
    "") echo empty ;;
    *) echo "unknown $w"
  esac
done
case abc in a*) echo first;; ab*) echo second;; esac
case x in y) echo no;; esac; echo "no match status $?"
case x in x) ;; esac; echo "empty body status $?"
