# porten – davvisámegiella. Geahča locales/README.md ja locales/GLOSSARY.md.
# Teavsttat main lea "# review:" kommeantta, galget eatnigielagis dárkkistuvvot.
# (Texts with a "# review:" comment want a native speaker's review.)

## Buot siidduin

# same-as-nb
-product-name = ID-porten
app-name = { -product-name }
page-title = { $page } – { -product-name }
skip-to-content = Mana váldosisdollui
language-switcher = Vállje giela
cancel = Gaskkalduhte

## Sisačáliheapmi

login-title = Čálit sisa
login-client = Don čálihat sisa bálvalussii { $client }.
login-level = Sihkarvuođadássi: { $level ->
    [Level4] allat (dássi 4)
   *[other] mearkkašahtti (dássi 3)
}
login-pid = Riegádannummir
login-pid-help = 11 nummira
login-password = Beassansátni
login-otp = Ovttageardásaš koda
login-otp-help = Koda mas leat guhtta nummira, du kodaneavvus dahje appas
login-submit = Čálit sisa
login-failed = Sisačáliheapmi ii lihkostuvvan. Dárkkis riegádannummira, beassansáni ja vejolaš ovttageardásaš koda, ja geahččal ođđasit.
login-otp-failed = Ovttageardásaš koda ii leat riekta. Geahččal ođđasit ođđa kodain.
# same-as-nb
testid-title = TestID
testid-help = Dušše geahččalanbirrasiidda: čálit sisa synteahtalaš riegádannummiriin { $level ->
    [Level4] dásis 4
   *[other] dásis 3
}.
testid-submit = Čálit sisa TestID bokte
testid-not-synthetic = TestID dohkkeha dušše synteahtalaš riegádannummiriid, main mánnui lea lasihuvvon 40 dahje 80, vai ii oktage čálit sisa duohta olmmožin.

## Miehtan

# review: new heading, no longer the same words as the button consent-allow
consent-title = Beassan du dieđuide
consent-intro = { $client } bivdá beassama čuovvovaččaide:
consent-allow = Atte beassama
consent-deny = Ale atte beassama
scope-profile = Du riegádannummir ja giella maid don geavahat
scope-user-kontaktinformasjon-read = Du e-poastačujuhus ja mobiilatelefonnummir oktavuođaregistaris
scope-user-spraak-read = Du giella almmolaš sektora dieđuide
scope-user-spraak-write = Rievdadit du giela almmolaš sektora dieđuide
scope-user-sikkerdigitalpost-read = Du digitála poastaboksa čujuhus
scope-user-sertifikat-read = Sertifikáhtta mainna poasta du digitála poastaboksii krypterejuvvo
scope-user-varslingsstatus-read = Sáhttágo almmolaš sektor dieđihit dutnje e-poasttain dahje SMS:in
scope-global-kontaktinformasjon-read = Buohkaid e-poastačujuhusat ja mobiilatelefonnummirat oktavuođaregistaris
scope-global-spraak-read = Buohkaid giella oktavuođaregistaris
scope-global-sikkerdigitalpost-read = Buohkaid digitála poastaboksa čujuhusat oktavuođaregistaris
scope-global-sertifikat-read = Buohkaid krypterensertifikáhtat oktavuođaregistaris
scope-global-varslingsstatus-read = Sáhttágo almmolaš sektor dieđihit buohkaide oktavuođaregistaris

## Meattáhusat

error-title = Juoga manai boastut
# review: the error texts below say what the citizen can do next
error-correlation = Meattáhuskoda: { $id }. Muital dán koda jos váldát oktavuođa dan bálvalusa veahkkebálvalusain mas bohtet.
# review
error-missing-client = Bálvalus mas bohtet, ii muitalan gii dat lea, nu ahte it sáhte čálihit sisa dás. Váldde oktavuođa bálvalusain mas bohtet, ja muital meattáhuskoda mii lea vuolábealde.
# review
error-unknown-client = Bálvalus mas bohtet, ii leat registrerejuvvon min luhtte, nu ahte it sáhte čálihit sisa dás. Váldde oktavuođa bálvalusain mas bohtet, ja muital meattáhuskoda mii lea vuolábealde.
# review
error-missing-redirect-uri = Bálvalus mas bohtet, ii muitalan gosa don galggat sáddejuvvot ruovttoluotta, nu ahte it sáhte čálihit sisa dás. Váldde oktavuođa bálvalusain mas bohtet, ja muital meattáhuskoda mii lea vuolábealde.
# review
error-unregistered-redirect-uri = Bálvalus mas bohtet, bivddii min sáddet du čujuhussii mii ii leat registrerejuvvon. Sihkarvuođa dihte mii eat sádde du dohko. Váldde oktavuođa bálvalusain mas bohtet, ja muital meattáhuskoda mii lea vuolábealde.
error-request-expired = Sisačáliheapmi bisttii menddo guhká dahje lea juo čađahuvvon. Mana ruovttoluotta bálvalussii ja álgge ođđasit.
error-forbidden = Skovvi ii sáhttán sáddejuvvot. Ođasmahte siiddu ja geahččal ođđasit.
# review
error-bad-request = Bivdu ii lean dohkálaš. Mana ruovttoluotta bálvalussii mas bohtet, ja álgge sisačáliheami ođđasit.
# review
error-not-found = Siidu ii gávdno. Dárkkis čujuhusa, dahje mana ruovttoluotta bálvalussii mas bohtet, ja álgge sisačáliheami doppe.
# review
error-internal = Min bealde šattai meattáhus. Geahččal ođđasit veaháš maŋŋelis. Jos meattáhus ii nohka, váldde oktavuođa bálvalusain mas bohtet, ja muital meattáhuskoda mii lea vuolábealde.

## Sáddet viidáset (form_post)

form-post-title = Mii sáddet du viidáset
form-post-text = Mii sáddet du ruovttoluotta bálvalussii. Deaddil boalu jos ii mihkkege dáhpáhuva.
form-post-continue = Joatkke

## Demoklienta (dušše dev:s)

demo-title = Demoklienta
demo-success = Sisačáliheapmi lea gárvvis. Bálvalus oaččui dán koda:
demo-redeem = Lonut koda ovtta minuhta siste, ovdamearkka dihte curl:in:
demo-error = Sisačáliheapmi ii gárvánan: { $error }
