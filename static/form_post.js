// Sends the authorization response on; the visible button does the same without JavaScript.
document.getElementById("form-post").submit();
