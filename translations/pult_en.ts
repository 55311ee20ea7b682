<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ColleaguesPanel</name>
    <message>
        <source>Colleagues online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ext.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In status since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other colleagues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of colleagues is not available from this server yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have no colleagues in your groups yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{online} of {total} signed in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server was lost. Pult reconnects by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt in {seconds} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live updates from the server are arriving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to the server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Pult hit an unexpected error and may not work correctly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A report was saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Pult — sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to Pult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to the contact center.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. pult.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login, e-mail, mobile number or SIP account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next time Pult signs you in without asking.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unavailable: this computer has no password storage (keyring), so you sign in every time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a server address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Pult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colleagues online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Program menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The status was not changed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShellController</name>
    <message>
        <source>The server ended your session. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>On line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbound dialing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusControl</name>
    <message>
        <source>Your status: {name}. Click to change it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Wrong login or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed attempts. Signing in is locked until {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed attempts. Signing in is locked for a while; try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the server {server}. Check the address and the network connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no address)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All licences for concurrent users are in use: ask your administrator to free one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account is not allowed to do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not accept the data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This was changed by someone else at the same time. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server {server} answered in a way Pult does not understand. Check the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request failed. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
