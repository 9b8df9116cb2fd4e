# porten – davvisámegiella: giddejupmi boasttu geahččalemiid maŋŋá, ja olggosčáliheapmi.

login-throttled = Menddo ollu boasttu geahččaleamit. Vuordde { $minutes ->
    [one] ovtta minuhta
    [two] guokte minuhta
   *[other] { $minutes } minuhta
} ja geahččal ođđasit.
# review: a new text; a native speaker should check it.
login-busy = Dál čálihit hui ollugat sisa. Vuordde moadde sekundda ja geahččal ođđasit.
login-stepup = Bálvalus gáibida alit sihkarvuođadási. Čális ovttageardásaš koda vai sáhtát joatkit.

## Olggosčáliheapmi

logout-title = Čálit olggos
logout-confirm = Háliidatgo čálihit olggos ID-portenis ja bálvalusain maid leat geavahan?
logout-submit = Čálit olggos
logout-done-title = Don leat čálihan olggos
logout-done = Don leat dál čálihan olggos ID-portenis. Gidde neahttalohkki jus geavahat oktasaš dihtora.
logout-progress = Čálihit du olggos bálvalusain maid leat geavahan …
logout-continue = Joatkke
logout-frame = Olggosčáliheapmi bálvalusas { $client }
