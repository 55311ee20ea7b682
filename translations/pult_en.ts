<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Pult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact-center operator workstation with a built-in softphone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AboutOpener</name>
    <message>
        <source>About Pult</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallHandlingTab</name>
    <message>
        <source>Post-call work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed calls</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallHistoryPanel</name>
    <message>
        <source>Call history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 2 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All employees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The filter is kept until Pult closes: the settings file cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the days (at most a month) and press «Refresh».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period ends before it begins: check the dates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period is longer than a month: choose at most a month, for example {start} to {end}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column choice is kept until Pult closes: the settings file cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an operator of the call can change its topics and comment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role does not allow listening to or saving call recordings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save recording {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the recording…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WAV sound (*.wav)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording is saved: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording is not saved to {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The latest {count} calls (at most {limit}, see «User» settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Callee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dialled number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Talk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming (answered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming (missed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming (not answered yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing (connected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing (failed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing (dialling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded ({lengths}): «Listen» in the row&apos;s menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing, answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing, in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing, not answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employee #{id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic #{id}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallLinkController</name>
    <message>
        <source>The link «{link}» holds no number to call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>«{number}» cannot be dialled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call from a link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call the number {number}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallViews</name>
    <message>
        <source>Incoming call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate did not pass the check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consultation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transferring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-call work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue: {queue}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting: {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other side put the call on hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallbackOrdersView</name>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No callback orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order №{id}
Number: {phone}
Left at: {time}
Call attempts: {attempts}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is calling this number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish the callback you are making before starting another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number could not be called; the order is free again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is already calling this number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order is already being handled or is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order was not taken: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order was not taken.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <name>CommentDialog</name>
    <message>
        <source>Edit comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The comment is too long: at most {max} characters, now {count}.</source>
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
    <name>ConnectionTab</name>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use another server for access to the Web</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Specify a port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the server settings only on your administrator&apos;s advice: the program may stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a proxy server for access to the Web</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection check period (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum data synchronisation wait (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay before reconnecting (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum wait for the connection to recover (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return to the default parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy and the timers apply from the next sign-in; the check uses them at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server host or clear «Use another server».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server port or clear «Specify a port».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the proxy host and port or clear «Use a proxy server».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings could not be saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No server address to check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking {server}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answers: version {version}.</source>
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
    <message>
        <source>Pult will offer to send this report to support at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmployeesPage</name>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next free number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least 8 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Has a photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most 5 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latin lowercase letters, digits, dot, dash and underscore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not an e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A mobile number starts with +79, 79 or 89 and has 11 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least 8 characters with digits, lowercase and uppercase latin letters, no Russian letters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete «{name}»? Their calls stay in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The photo must be a png, jpeg or bmp image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The photo is larger than 5 MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two digits or more are recommended: one digit clashes with voice menu items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This extension is taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This e-mail belongs to another employee.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This mobile number belongs to another employee.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This login is taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot delete yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The employee is in a conversation; delete after it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An employee with this name exists: &lt;a href=&apos;#card&apos;&gt;open the card&lt;/a&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorReport</name>
    <message>
        <source>Enter your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name is too long: at most 200 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail address is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A phone number may hold only digits, spaces, +, - and brackets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give an e-mail or a phone number so that support can answer you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe the problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The description is too long: at most 10000 characters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorReportDialog</name>
    <message>
        <source>Report a problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write to support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach the logs (journals of work)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs hold only technical data about how Pult works and no confidential information; phone numbers, passwords and tokens are masked. We recommend leaving them on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields marked with an asterisk (*) are required. Give an e-mail or a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description of the problem*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your question or problem*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report of the crash ({file}) is attached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be saved on this computer: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exactly this will be sent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be saved to {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report was saved to {path}. You can send this file to support yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you: support received your request and will answer you. Write down its identifier and quote it to support:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you: the report was received. Write down the problem identifier and quote it to support:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached now. Your request is kept on this computer and will be sent by itself; its identifier will be shown then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not signed in. Your request is kept on this computer and will be sent after you sign in; its identifier will be shown then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached now. The report is kept on this computer and will be sent by itself; its problem identifier will be shown then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not signed in. The report is kept on this computer and will be sent after you sign in; its problem identifier will be shown then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the report: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorReportOpener</name>
    <message>
        <source>Send an error report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write to support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report a problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pult closed because of an error last time. Send the error report to support?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your error report was sent. Problem identifier: {id}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupsPage</name>
    <message>
        <source>Name of a new group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A group with this name already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the group «{name}»?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls of this group are in progress; delete it later.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shortcuts work in every Pult window, the call widget included. During a call the digits, * and # of the keyboard are sent as tones. Click a field and press the new keys to change a shortcut; clear it to turn it off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{keys} already belongs to «{action}». Choose other keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HttpRequestsTab</name>
    <message>
        <source>Open a link on an incoming external call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link opens in the default browser when an external call comes in. Variables: {ex_phone} the caller&apos;s number, {in_phone} your internal number, {context_id} the call, {call_id_a} and {call_id_b} its first and second leg, {switch_id} the switch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert the variable {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link must start with http:// or https:// and name a site.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown variable {name}. Use only the variables listed below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The next incoming call uses it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KpiPanel</name>
    <message>
        <source>Calls in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest wait in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free employees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employees on group calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employees on personal calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Immediate answer rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average wait in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service level SL 20 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost calls rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Occupancy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group work intensity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average outgoing talk time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average incoming talk time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Successful outgoing talks rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Successful incoming talks rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yellow and red thresholds of the indicators, shared by all users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today, live from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No indicators chosen: press «Choose indicators».</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KpiSelectionDialog</name>
    <message>
        <source>Choose indicators</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KpiThresholdsDialog</name>
    <message>
        <source>Indicator thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thresholds are shared by all users. Click a cell to set when the indicator turns yellow (attention) or red (warning); an employee in several groups is also checked against the thresholds of each of their groups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The thresholds were not saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LineSelector</name>
    <message>
        <source>Active line for placing calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing number, with its comment</source>
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
    <message>
        <source>The time to enter the code has run out. Sign in again.</source>
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
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound settings</source>
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
        <source>Missed calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request queue panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicators panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telephony control panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help and keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telephony</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed calls: {total}, in the last 7 days: {week}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call operation failed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The status was not changed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MissedCallsPopup</name>
    <message>
        <source>Missed calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No missed calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the last 7 days: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from the call-back list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MissedPage</name>
    <message>
        <source>For groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days back missed calls are offered for calling back (at most 7), by the group that missed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each group may have only one condition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PbxTab</name>
    <message>
        <source>Employees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlayerStrip</name>
    <message>
        <source>A call is on: the recording is not played in the headset now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording cannot be played here: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording&apos;s file is missing on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording is still being written: try again in a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role does not allow listening to this call&apos;s recording.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be written: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording cannot be played.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording: {call}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostCallPage</name>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After an external call, operators of the group go into the chosen status for this time; «Ready» or the end of the time returns the previous status. An operator in several groups gets the longest time. Operators get a change within 10 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the current status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The group «{group}» already has a condition. Replace it with this one?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each group may have only one condition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. Operators get the new rule within 10 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Caller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No calls are waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intercept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Callback orders ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The queue call was not handled: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickAnswersTab</name>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a quick answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text of the answer or name of the category, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers of «No group» are available to everyone. An answer goes into the selected category; double-click to edit. Changes are saved at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This answer is already in the category.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Senior employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accountant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marketer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RolesPage</name>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Virtual PBX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employee statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section visibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the changes before closing?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsMessages</name>
    <message>
        <source>Fill this in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most {limit} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The limit is reached: at most {limit}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The limit is reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another status already has this synonym.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A status with this name already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not accepted: {reason}</source>
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
    <name>Shortcuts</name>
    <message>
        <source>Answer the incoming call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject the incoming call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold or resume the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute or unmute the microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the status menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the number field</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Softphone</name>
    <message>
        <source>Type a number in international format (74952000000), N.EXT for an extension, or a SIP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microphone and speakers not found. Check that the devices are connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No line for outgoing calls is available to you: an administrator adds one (a SIP trunk with outgoing numbers), then it can be chosen in the top bar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not place the call through the chosen line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The softphone is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The softphone did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many calls at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call has already ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The line is busy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SIP server&apos;s certificate did not pass the check: choose the right CA certificate in the «Softphone» settings or ask your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The softphone could not open its SIP transport (a port taken, or the CA certificate file gone).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call operation failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SoftphoneTab</name>
    <message>
        <source>Sound settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ringtone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load your own melody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speaker volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microphone sensitivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Echo cancellation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noise suppression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local SIP port range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local RTP port range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use STUN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIP transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate (TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system&apos;s certificate authorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the server certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With TLS, the SIP server must present a certificate signed by this authority (a PEM file), or by one the system trusts when no file is given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Media encryption (SRTP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandatory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codec selection and priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the softphone settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in melody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (not connected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ports must be from {low} to {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the first port must not be greater than the last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the range must hold at least {low} ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the SIP and RTP ranges must not overlap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enter the STUN server as host or host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose at least one codec</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose a value from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the melody file is missing; choose another one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file does not exist; choose the CA certificate file again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file holds no PEM certificate (text starting with -----BEGIN CERTIFICATE-----)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings could not be saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings are applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The softphone restarts with the new settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new settings take effect when the current call ends: the softphone restarts then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The softphone is not running; the settings apply when it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The softphone restarted with the new settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The softphone could not start with the new settings (is a port taken?); it runs with the previous ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WAV sound (*.wav)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file cannot be a ringtone: choose a 16-bit PCM WAV file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Echo cancellation and noise suppression cannot run with this device: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SoundCheck</name>
    <message>
        <source>Start the check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The softphone is not running: the sound check is unavailable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen to the melody and say something into the microphone…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check failed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The microphone hears you (peak {level:.0f} dBFS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The microphone heard nothing. Check that it is connected and not muted.</source>
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
    <name>StatusesTab</name>
    <message>
        <source>Add a status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synonym</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to 20 characters, unique in the contact center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receives calls from the groups (ACD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom statuses: {count} of {limit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A contact center has at most {limit} custom statuses.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TelephonyPanel</name>
    <message>
        <source>Switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number or SIP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete a character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detach the keypad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without consultation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With consultation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speaker volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microphone sensitivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute the microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer the call to the number typed above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keypad</source>
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
    <message>
        <source>Only a supervisor of this queue&apos;s group or an administrator may do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may transfer calls only to the operators and groups you supervise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The employee cannot take a call now (signed out, talking or being offered a call).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call is no longer waiting in the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call is already in this group&apos;s queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That employee or group no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company has no line to call a number through: an administrator adds a SIP trunk, or give a SIP address (sip:name@host).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThresholdForm</name>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the thresholds of «{cell}»?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThresholdLevelEditor</name>
    <message>
        <source>Warning (red)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention (yellow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>less than or equal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>between</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>greater than or equal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{level}: enter a number, for example 20 or 2,5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{level}: the lower bound is greater than the upper one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TopicsDialog</name>
    <message>
        <source>Edit topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic #{id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No topics are set up for your groups.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TopicsTab</name>
    <message>
        <source>Name, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The topics reference is one for the whole company: changes are saved at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The topic was used in conversations. Delete it anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already an item with this name here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Conference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name or group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To an employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To a group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number or SIP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A phone number (74952000000) or a SIP subscriber: sip:name@host, without spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With consultation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without consultation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the conference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading colleagues…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outside the groups you supervise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free operators «На линии» / all operators of the group</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Hide Pult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Pult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section visibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send an error report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write to support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Pult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missed calls: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TwoFactorDialog</name>
    <message>
        <source>Pult — verification code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-factor authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the {digits}-digit code shown by the authenticator app on your phone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code is {digits} digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong codes. Code entry is locked until {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can enter the code again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong code. Check the code in the app and try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TwoFactorSection</name>
    <message>
        <source>Two-factor authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn on…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add this key to an authenticator app on your phone (type the key or paste the link), then enter the {digits}-digit code the app shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On: signing in asks for a code from your authenticator app. Enter a code to turn it off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off until you confirm it with a code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off: signing in needs only the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code is {digits} digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong codes. Code entry is locked until {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong code. Check the code in the app and try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserTab</name>
    <message>
        <source>Calls kept in the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>«Break» after idle time (min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A large number may slow the program down; on a small screen 200 is enough.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes after the program restarts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing the window hides it to the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warn before a call from a browser link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links tel:, callto: and sip:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check link handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make Pult open these links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting with the system is not supported on this platform yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings could not be saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the system…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The desktop&apos;s link settings cannot be read: the xdg-utils package is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the link handler is not supported on this system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system did not answer: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pult (this program)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: Pult now opens these links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pult opens these links: a number clicked in a browser is called from Pult.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows lets only you choose: pick Pult for tel:, callto: and sip: in the default apps settings that opened, then check again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program or none opens some of these links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program or none opens some of these links. Install Pult with its installer to make it open them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This check has not yet been tried on this system by the Pult developers.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Visibility</name>
    <message>
        <source>Colleagues online (section)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call history (section)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed calls (top bar button)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request queue panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicators panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telephony control panel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisibilityDialog</name>
    <message>
        <source>Section visibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisibilityTab</name>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switched off sections and panels are not shown in the main window on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the settings: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_EditDialog</name>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
