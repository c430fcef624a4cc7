<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" session="false" %>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Livelog · sign in</title>
  <link rel="stylesheet" href="assets/login.css">
  <script type="module" src="assets/login.js"></script>
</head>
<body>
  <main class="login">
    <h1>Livelog</h1>
    <p class="hint" id="message">${param.error != null ? 'Wrong user name or password.' : (param.wait != null ? 'Too many failed attempts: wait a little and try again.' : (param.out != null ? 'You are signed out.' : 'Sign in to see the live logs.'))}</p>
    <form method="post" action="login" id="login-form">
      <label>User <input name="username" id="username" autocomplete="username" required autofocus></label>
      <label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
      <input type="hidden" name="next" id="next">
      <button type="submit" id="sign-in">Sign in</button>
    </form>
  </main>
</body>
</html>
