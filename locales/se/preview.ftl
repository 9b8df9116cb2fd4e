# porten – davvisámegiella: ovdačájeheapmi jorgaleddjiide. Álbmot ii goassege oainne dáid teavsttaid.
# review: every text in this file is new and wants a native speaker's review.

preview-title = Ovdačájeheapmi jorgaleddjiide
preview-intro = Dás leat buot siiddut buot dilálašvuođain, buot gielaide. Siiddut ráhkaduvvojit .ftl-fiillain: vurke rievdadusa, ja ođasmahte siiddu (dahje vuoje porten locales preview ođđasit).
preview-sample = Ovdamearkadieđut leat hutkojuvvon: Fjordvik gielda ii gávdno, ja riegádannummir lea synteahtalaš.
preview-caption = Siiddut, okta ráidu juohke dillái ja okta čuolda juohke gillii
preview-page = Siidu ja dilli
preview-login = Sisačáliheapmi, TestID:in nugo geahččalanbirrasiin
preview-login-failed = Sisačáliheapmi: boasttu beassansátni
preview-login-throttled = Sisačáliheapmi: menddo ollu geahččaleamit, { $minutes } min. vuordda
preview-login-otp = Sisačáliheapmi dásis 4, ovttageardásaš kodain
preview-stepup = Alit sihkarvuođadássi: dušše ovttageardásaš koda
preview-stepup-failed = Alit sihkarvuođadássi: boasttu ovttageardásaš koda
preview-testid-refused = TestID: riegádannummir ii leat synteahtalaš
preview-consent = Miehtan máŋgga beassamii
preview-logout = Gažaldat olggosčáliheami birra
preview-logged-out = Čálihan olggos, olggosčáliheapmi guovtti bálvalusas
preview-form-post = Sáddet viidáset (form_post) JavaScriptain, nugo siidu orru ovdal go sáddejuvvo
preview-form-post-nojs = Sáddet viidáset (form_post) JavaScript haga
preview-error = Meattáhussiidu: { $id }
preview-demo = Demoklienta: sisačáliheapmi lea gárvvis
preview-demo-error = Demoklienta: sisačáliheapmi gaskkalduvvui
