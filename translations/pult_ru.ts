<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Pult</source>
        <translation>О программе</translation>
    </message>
    <message>
        <source>Contact-center operator workstation with a built-in softphone.</source>
        <translation>Рабочее место оператора контакт-центра со встроенным софтфоном.</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Сборка</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Система</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
</context>
<context>
    <name>AboutOpener</name>
    <message>
        <source>About Pult</source>
        <translation>О программе</translation>
    </message>
</context>
<context>
    <name>CallHandlingTab</name>
    <message>
        <source>Post-call work</source>
        <translation>Поствызывная обработка</translation>
    </message>
    <message>
        <source>Missed calls</source>
        <translation>Работа с пропущенными</translation>
    </message>
</context>
<context>
    <name>CallHistoryPanel</name>
    <message>
        <source>Call history</source>
        <translation>История вызовов</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <source>Choose the columns</source>
        <translation>Выбрать столбцы</translation>
    </message>
    <message>
        <source>By employee</source>
        <translation>По сотруднику</translation>
    </message>
    <message>
        <source>By group</source>
        <translation>По группе</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>from</source>
        <translation>с</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Last 2 days</source>
        <translation>Последние 2 дня</translation>
    </message>
    <message>
        <source>Current day</source>
        <translation>Текущий день</translation>
    </message>
    <message>
        <source>Current week</source>
        <translation>Текущая неделя</translation>
    </message>
    <message>
        <source>Current month</source>
        <translation>Текущий месяц</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Произвольный</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>All groups</source>
        <translation>Все группы</translation>
    </message>
    <message>
        <source>All employees</source>
        <translation>Все сотрудники</translation>
    </message>
    <message>
        <source>The filter is kept until Pult closes: the settings file cannot be written.</source>
        <translation>Фильтр сохранится до закрытия Pult: файл настроек не удаётся записать.</translation>
    </message>
    <message>
        <source>Choose the days (at most a month) and press «Refresh».</source>
        <translation>Выберите дни (не больше месяца) и нажмите «Обновить».</translation>
    </message>
    <message>
        <source>The period ends before it begins: check the dates.</source>
        <translation>Период заканчивается раньше, чем начинается: проверьте даты.</translation>
    </message>
    <message>
        <source>The period is longer than a month: choose at most a month, for example {start} to {end}.</source>
        <translation>Период длиннее месяца: выберите не больше месяца, например с {start} по {end}.</translation>
    </message>
    <message>
        <source>The column choice is kept until Pult closes: the settings file cannot be written.</source>
        <translation>Выбор столбцов действует до закрытия Pult: файл настроек не удаётся записать.</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Edit topics</source>
        <translation>Изменить тематику</translation>
    </message>
    <message>
        <source>Edit comment</source>
        <translation>Изменить комментарий</translation>
    </message>
    <message>
        <source>Only an operator of the call can change its topics and comment.</source>
        <translation>Тематику и комментарий вызова может изменить только его оператор.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Не сохранено: {reason}</translation>
    </message>
    <message>
        <source>Your role does not allow listening to or saving call recordings.</source>
        <translation>Ваша роль не позволяет прослушивать и скачивать записи разговоров.</translation>
    </message>
    <message>
        <source>Listen {n}</source>
        <translation>Прослушать {n}</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Прослушать</translation>
    </message>
    <message>
        <source>Save recording {n}</source>
        <translation>Скачать запись {n}</translation>
    </message>
    <message>
        <source>Save recording</source>
        <translation>Скачать запись</translation>
    </message>
    <message>
        <source>Saving the recording…</source>
        <translation>Запись скачивается…</translation>
    </message>
    <message>
        <source>WAV sound (*.wav)</source>
        <translation>Звук WAV (*.wav)</translation>
    </message>
    <message>
        <source>The recording is saved: {path}</source>
        <translation>Запись сохранена: {path}</translation>
    </message>
    <message>
        <source>The recording is not saved to {path}: {reason}</source>
        <translation>Запись не сохранена в {path}: {reason}</translation>
    </message>
    <message>
        <source>The latest {count} calls (at most {limit}, see «User» settings).</source>
        <translation>Последние вызовы: {count} (не больше {limit}, см. настройки «Пользовательские»).</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип вызова</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Дата и время</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Кто звонил</translation>
    </message>
    <message>
        <source>Callee</source>
        <translation>Кому звонил</translation>
    </message>
    <message>
        <source>Dialled number</source>
        <translation>Куда звонил</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Переводы</translation>
    </message>
    <message>
        <source>Incoming (answered)</source>
        <translation>Входящий (принятый)</translation>
    </message>
    <message>
        <source>Incoming (missed)</source>
        <translation>Входящий (пропущенный)</translation>
    </message>
    <message>
        <source>Incoming (not answered yet)</source>
        <translation>Входящий (ожидает ответа)</translation>
    </message>
    <message>
        <source>Outgoing (connected)</source>
        <translation>Исходящий (состоявшийся)</translation>
    </message>
    <message>
        <source>Outgoing (failed)</source>
        <translation>Исходящий (несостоявшийся)</translation>
    </message>
    <message>
        <source>Outgoing (dialling)</source>
        <translation>Исходящий (набор номера)</translation>
    </message>
    <message>
        <source>Recorded ({lengths}): «Listen» in the row&apos;s menu</source>
        <translation>Записан ({lengths}): «Прослушать» в меню строки</translation>
    </message>
    <message>
        <source>Outgoing, answered</source>
        <translation>Исходящий, отвечен</translation>
    </message>
    <message>
        <source>Outgoing, in progress</source>
        <translation>Исходящий, идёт</translation>
    </message>
    <message>
        <source>Outgoing, not answered</source>
        <translation>Исходящий, без ответа</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Принят</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Идёт</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>Не принят</translation>
    </message>
    <message>
        <source>Number hidden</source>
        <translation>Номер скрыт</translation>
    </message>
    <message>
        <source>Employee #{id}</source>
        <translation>Сотрудник №{id}</translation>
    </message>
    <message>
        <source>Topic #{id}</source>
        <translation>Тема №{id}</translation>
    </message>
</context>
<context>
    <name>CallLinkController</name>
    <message>
        <source>The link «{link}» holds no number to call.</source>
        <translation>В ссылке «{link}» нет номера, на который можно позвонить.</translation>
    </message>
    <message>
        <source>«{number}» cannot be dialled.</source>
        <translation>На «{number}» позвонить нельзя.</translation>
    </message>
    <message>
        <source>Call from a link</source>
        <translation>Звонок по ссылке</translation>
    </message>
    <message>
        <source>Call the number {number}?</source>
        <translation>Позвонить на номер {number}?</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>CallViews</name>
    <message>
        <source>Incoming call</source>
        <translation>Входящий вызов</translation>
    </message>
    <message>
        <source>The server&apos;s certificate did not pass the check</source>
        <translation>Сертификат сервера не прошёл проверку</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Исходящий вызов</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <source>Consultation</source>
        <translation>Консультация</translation>
    </message>
    <message>
        <source>Transferring</source>
        <translation>Перевод вызова</translation>
    </message>
    <message>
        <source>Conference</source>
        <translation>Конференция</translation>
    </message>
    <message>
        <source>Post-call work</source>
        <translation>Поствызывная обработка</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Вызов завершён</translation>
    </message>
    <message>
        <source>Queue: {queue}</source>
        <translation>Очередь: {queue}</translation>
    </message>
    <message>
        <source>Waiting: {time}</source>
        <translation>Ожидание: {time}</translation>
    </message>
    <message>
        <source>Personal call</source>
        <translation>Персональный вызов</translation>
    </message>
    <message>
        <source>The other side put the call on hold</source>
        <translation>Собеседник поставил вызов на удержание</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Снять с удержания</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <source>Merge calls</source>
        <translation>Объединить вызовы</translation>
    </message>
    <message>
        <source>Conf.</source>
        <translation>Конф.</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов к работе</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Тематика</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
</context>
<context>
    <name>CallbackOrdersView</name>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Left at</source>
        <translation>Оставлен</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Звонит</translation>
    </message>
    <message>
        <source>No callback orders</source>
        <translation>Заказов обратного звонка нет</translation>
    </message>
    <message>
        <source>Left in the queue</source>
        <translation>Оставлены в очереди</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <source>Order №{id}
Number: {phone}
Left at: {time}
Call attempts: {attempts}</source>
        <translation>Заказ №{id}
Номер: {phone}
Оставлен: {time}
Попыток дозвона: {attempts}</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>{name} is calling this number</source>
        <translation>Этому клиенту звонит {name}</translation>
    </message>
    <message>
        <source>Finish the callback you are making before starting another one.</source>
        <translation>Завершите текущий обратный звонок, прежде чем начинать следующий.</translation>
    </message>
    <message>
        <source>The number could not be called; the order is free again.</source>
        <translation>Не удалось позвонить на номер; заказ снова доступен.</translation>
    </message>
    <message>
        <source>{name} is already calling this number.</source>
        <translation>Этому клиенту уже звонит {name}.</translation>
    </message>
    <message>
        <source>The order is already being handled or is closed.</source>
        <translation>Заказ уже обрабатывается или закрыт.</translation>
    </message>
    <message>
        <source>The order was not taken: {reason}</source>
        <translation>Заказ не взят: {reason}</translation>
    </message>
    <message>
        <source>The order was not taken.</source>
        <translation>Заказ не взят.</translation>
    </message>
</context>
<context>
    <name>ColleaguesPanel</name>
    <message>
        <source>Colleagues online</source>
        <translation>Сотрудники онлайн</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Ext.</source>
        <translation>Доб.</translation>
    </message>
    <message>
        <source>In status since</source>
        <translation>В статусе с</translation>
    </message>
    <message>
        <source>Other colleagues</source>
        <translation>Другие сотрудники</translation>
    </message>
    <message>
        <source>The list of colleagues is not available from this server yet.</source>
        <translation>Этот сервер пока не отдаёт список сотрудников.</translation>
    </message>
    <message>
        <source>You have no colleagues in your groups yet.</source>
        <translation>В ваших группах пока нет других сотрудников.</translation>
    </message>
    <message>
        <source>{name} (you)</source>
        <translation>{name} (вы)</translation>
    </message>
    <message>
        <source>{online} of {total} signed in</source>
        <translation>в сети {online} из {total}</translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <source>Edit comment</source>
        <translation>Изменить комментарий</translation>
    </message>
    <message>
        <source>The comment is too long: at most {max} characters, now {count}.</source>
        <translation>Комментарий слишком длинный: не больше {max} символов, сейчас {count}.</translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <source>Connected</source>
        <translation>Подключено</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Переподключение…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Нет связи</translation>
    </message>
    <message>
        <source>The connection to the server was lost. Pult reconnects by itself.</source>
        <translation>Связь с сервером потеряна. Pult переподключится сам.</translation>
    </message>
    <message>
        <source>Next attempt in {seconds} s.</source>
        <translation>Следующая попытка через {seconds} с.</translation>
    </message>
    <message>
        <source>Live updates from the server are arriving.</source>
        <translation>Обновления с сервера приходят в реальном времени.</translation>
    </message>
    <message>
        <source>Connecting to the server…</source>
        <translation>Подключение к серверу…</translation>
    </message>
    <message>
        <source>Not connected to the server.</source>
        <translation>Нет подключения к серверу.</translation>
    </message>
</context>
<context>
    <name>ConnectionTab</name>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>Use another server for access to the Web</source>
        <translation>Использовать другой сервер для доступа в Web</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Хост</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Порт</translation>
    </message>
    <message>
        <source>Specify a port</source>
        <translation>Указать порт</translation>
    </message>
    <message>
        <source>Change the server settings only on your administrator&apos;s advice: the program may stop.</source>
        <translation>Изменяйте настройки сервера только по рекомендации администратора: иначе программа может перестать работать.</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Прокси-сервер</translation>
    </message>
    <message>
        <source>Use a proxy server for access to the Web</source>
        <translation>Использовать прокси-сервер для доступа в Web</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>Дополнительные настройки</translation>
    </message>
    <message>
        <source>Connection check period (s)</source>
        <translation>Период пинга/проверки соединения (с)</translation>
    </message>
    <message>
        <source>Maximum data synchronisation wait (s)</source>
        <translation>Максимальное время ожидания синхронизации данных (с)</translation>
    </message>
    <message>
        <source>Delay before reconnecting (s)</source>
        <translation>Задержка начала запуска процедуры восстановления соединения (с)</translation>
    </message>
    <message>
        <source>Maximum wait for the connection to recover (s)</source>
        <translation>Максимальное время ожидания восстановления соединения (с)</translation>
    </message>
    <message>
        <source>Return to the default parameters</source>
        <translation>Вернуться к параметрам по умолчанию</translation>
    </message>
    <message>
        <source>Check the connection</source>
        <translation>Проверить соединение</translation>
    </message>
    <message>
        <source>The proxy and the timers apply from the next sign-in; the check uses them at once.</source>
        <translation>Прокси и таймеры применяются со следующего входа; проверка соединения использует их сразу.</translation>
    </message>
    <message>
        <source>Enter the server host or clear «Use another server».</source>
        <translation>Укажите хост сервера или снимите флажок «Использовать другой сервер».</translation>
    </message>
    <message>
        <source>Enter the server port or clear «Specify a port».</source>
        <translation>Укажите порт сервера или снимите флажок «Указать порт».</translation>
    </message>
    <message>
        <source>Enter the proxy host and port or clear «Use a proxy server».</source>
        <translation>Укажите хост и порт прокси или снимите флажок «Использовать прокси-сервер».</translation>
    </message>
    <message>
        <source>The settings could not be saved: {reason}</source>
        <translation>Не удалось сохранить настройки: {reason}</translation>
    </message>
    <message>
        <source>No server address to check.</source>
        <translation>Нет адреса сервера для проверки.</translation>
    </message>
    <message>
        <source>Checking {server}…</source>
        <translation>Проверяем {server}…</translation>
    </message>
    <message>
        <source>The server answers: version {version}.</source>
        <translation>Сервер отвечает: версия {version}.</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Pult hit an unexpected error and may not work correctly.</source>
        <translation>В Pult произошла непредвиденная ошибка, программа может работать неправильно.</translation>
    </message>
    <message>
        <source>A report was saved to {path}</source>
        <translation>Отчёт сохранён в {path}</translation>
    </message>
    <message>
        <source>Pult will offer to send this report to support at the next start.</source>
        <translation>При следующем запуске Pult предложит отправить этот отчет в техподдержку.</translation>
    </message>
</context>
<context>
    <name>EmployeesPage</name>
    <message>
        <source>Full name</source>
        <translation>Ф.И.О.</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>Внутренний номер</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Мобильный</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Next free number</source>
        <translation>Следующий свободный номер</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Фото</translation>
    </message>
    <message>
        <source>Choose a photo…</source>
        <translation>Выбрать фото…</translation>
    </message>
    <message>
        <source>New employee</source>
        <translation>Новый сотрудник</translation>
    </message>
    <message>
        <source>Delete the employee</source>
        <translation>Удалить сотрудника</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Создать</translation>
    </message>
    <message>
        <source>Leave empty to keep it</source>
        <translation>Оставьте пустым, чтобы не менять</translation>
    </message>
    <message>
        <source>At least 8 characters</source>
        <translation>Не менее 8 символов</translation>
    </message>
    <message>
        <source>Has a photo</source>
        <translation>Фото загружено</translation>
    </message>
    <message>
        <source>At most 5 digits.</source>
        <translation>Не более 5 цифр.</translation>
    </message>
    <message>
        <source>Latin lowercase letters, digits, dot, dash and underscore.</source>
        <translation>Только строчные латинские буквы, цифры, точка, дефис и подчеркивание.</translation>
    </message>
    <message>
        <source>This is not an e-mail address.</source>
        <translation>Это не адрес электронной почты (e-mail).</translation>
    </message>
    <message>
        <source>A mobile number starts with +79, 79 or 89 and has 11 digits.</source>
        <translation>Мобильный номер начинается с +79, 79 или 89 и содержит 11 цифр.</translation>
    </message>
    <message>
        <source>At least 8 characters with digits, lowercase and uppercase latin letters, no Russian letters.</source>
        <translation>Не менее 8 символов: цифры, строчные и заглавные латинские буквы, без русских букв.</translation>
    </message>
    <message>
        <source>Delete «{name}»? Their calls stay in the history.</source>
        <translation>Удалить сотрудника «{name}»? Его звонки останутся в истории.</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>Изображения (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
    <message>
        <source>The photo must be a png, jpeg or bmp image.</source>
        <translation>Фото должно быть в формате png, jpeg или bmp.</translation>
    </message>
    <message>
        <source>The photo is larger than 5 MB.</source>
        <translation>Фото больше 5 МБ.</translation>
    </message>
    <message>
        <source>Two digits or more are recommended: one digit clashes with voice menu items.</source>
        <translation>Рекомендуется не менее 2 цифр: однозначный номер совпадает с пунктами голосового меню.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>This extension is taken.</source>
        <translation>Этот внутренний номер уже занят.</translation>
    </message>
    <message>
        <source>This e-mail belongs to another employee.</source>
        <translation>Этот e-mail принадлежит другому сотруднику.</translation>
    </message>
    <message>
        <source>This mobile number belongs to another employee.</source>
        <translation>Этот мобильный номер принадлежит другому сотруднику.</translation>
    </message>
    <message>
        <source>This login is taken.</source>
        <translation>Этот логин уже занят.</translation>
    </message>
    <message>
        <source>You cannot delete yourself.</source>
        <translation>Нельзя удалить самого себя.</translation>
    </message>
    <message>
        <source>The employee is in a conversation; delete after it ends.</source>
        <translation>Сотрудник разговаривает; удалите его после окончания разговора.</translation>
    </message>
    <message>
        <source>An employee with this name exists: &lt;a href=&apos;#card&apos;&gt;open the card&lt;/a&gt;.</source>
        <translation>Сотрудник с таким Ф.И.О. уже есть: &lt;a href=&apos;#card&apos;&gt;открыть карточку&lt;/a&gt;.</translation>
    </message>
</context>
<context>
    <name>ErrorReport</name>
    <message>
        <source>Enter your name.</source>
        <translation>Укажите имя.</translation>
    </message>
    <message>
        <source>The name is too long: at most 200 characters.</source>
        <translation>Слишком длинное имя: не больше 200 символов.</translation>
    </message>
    <message>
        <source>The e-mail address is not valid.</source>
        <translation>Неверный адрес e-mail.</translation>
    </message>
    <message>
        <source>A phone number may hold only digits, spaces, +, - and brackets.</source>
        <translation>Телефон может содержать только цифры, пробелы, +, - и скобки.</translation>
    </message>
    <message>
        <source>Give an e-mail or a phone number so that support can answer you.</source>
        <translation>Укажите e-mail или телефон, чтобы техподдержка могла вам ответить.</translation>
    </message>
    <message>
        <source>Describe the problem.</source>
        <translation>Опишите проблему.</translation>
    </message>
    <message>
        <source>The description is too long: at most 10000 characters.</source>
        <translation>Слишком длинное описание: не больше 10000 символов.</translation>
    </message>
</context>
<context>
    <name>ErrorReportDialog</name>
    <message>
        <source>Report a problem</source>
        <translation>Сообщить о проблеме</translation>
    </message>
    <message>
        <source>Write to support</source>
        <translation>Написать в поддержку</translation>
    </message>
    <message>
        <source>Attach the logs (journals of work)</source>
        <translation>Отправить логи (журналы работы)</translation>
    </message>
    <message>
        <source>Logs hold only technical data about how Pult works and no confidential information; phone numbers, passwords and tokens are masked. We recommend leaving them on.</source>
        <translation>Логи включают только технические данные о работе Pult и не содержат конфиденциальной информации: номера телефонов, пароли и токены скрыты. Рекомендуется не отключать отправку логов.</translation>
    </message>
    <message>
        <source>Fields marked with an asterisk (*) are required. Give an e-mail or a phone number.</source>
        <translation>Поля, отмеченные звездочкой (*), обязательны для заполнения. Укажите e-mail или телефон.</translation>
    </message>
    <message>
        <source>Name*</source>
        <translation>Имя*</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Description of the problem*</source>
        <translation>Описание проблемы*</translation>
    </message>
    <message>
        <source>Your question or problem*</source>
        <translation>Ваш вопрос или проблема*</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Предпросмотр</translation>
    </message>
    <message>
        <source>Save to file…</source>
        <translation>Сохранить в файл…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>The report of the crash ({file}) is attached.</source>
        <translation>Отчет о сбое ({file}) приложен.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <source>The report could not be saved on this computer: {error}</source>
        <translation>Не удалось сохранить отчет на этом компьютере: {error}</translation>
    </message>
    <message>
        <source>Exactly this will be sent:</source>
        <translation>Будет отправлено ровно это:</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>Сохранить отчет</translation>
    </message>
    <message>
        <source>Report files (*.json)</source>
        <translation>Файлы отчетов (*.json)</translation>
    </message>
    <message>
        <source>The report could not be saved to {path}: {error}</source>
        <translation>Не удалось сохранить отчет в {path}: {error}</translation>
    </message>
    <message>
        <source>The report was saved to {path}. You can send this file to support yourself.</source>
        <translation>Отчет сохранен в файл {path}. Его можно отправить в техподдержку самостоятельно.</translation>
    </message>
    <message>
        <source>Thank you: support received your request and will answer you. Write down its identifier and quote it to support:</source>
        <translation>Спасибо, техподдержка получила ваше обращение и ответит вам. Запишите его идентификатор и сообщайте его в техподдержку:</translation>
    </message>
    <message>
        <source>Thank you: the report was received. Write down the problem identifier and quote it to support:</source>
        <translation>Спасибо, отчет получен. Запишите идентификатор проблемы и сообщите его в техподдержку:</translation>
    </message>
    <message>
        <source>The server cannot be reached now. Your request is kept on this computer and will be sent by itself; its identifier will be shown then.</source>
        <translation>Сервер сейчас недоступен. Ваше обращение сохранено на этом компьютере и будет отправлено автоматически; тогда же будет показан его идентификатор.</translation>
    </message>
    <message>
        <source>You are not signed in. Your request is kept on this computer and will be sent after you sign in; its identifier will be shown then.</source>
        <translation>Вы не вошли в систему. Ваше обращение сохранено на этом компьютере и будет отправлено после входа; тогда же будет показан его идентификатор.</translation>
    </message>
    <message>
        <source>The server cannot be reached now. The report is kept on this computer and will be sent by itself; its problem identifier will be shown then.</source>
        <translation>Сервер сейчас недоступен. Отчет сохранен на этом компьютере и будет отправлен автоматически; тогда же будет показан идентификатор проблемы.</translation>
    </message>
    <message>
        <source>You are not signed in. The report is kept on this computer and will be sent after you sign in; its problem identifier will be shown then.</source>
        <translation>Вы не вошли в систему. Отчет сохранен на этом компьютере и будет отправлен после входа; тогда же будет показан идентификатор проблемы.</translation>
    </message>
    <message>
        <source>The server refused the report: {reason}</source>
        <translation>Сервер не принял отчет: {reason}</translation>
    </message>
</context>
<context>
    <name>ErrorReportOpener</name>
    <message>
        <source>Send an error report</source>
        <translation>Отправить отчет об ошибке</translation>
    </message>
    <message>
        <source>Write to support</source>
        <translation>Написать в поддержку</translation>
    </message>
    <message>
        <source>Report a problem</source>
        <translation>Сообщить о проблеме</translation>
    </message>
    <message>
        <source>Pult closed because of an error last time. Send the error report to support?</source>
        <translation>В прошлый раз Pult закрылся из-за ошибки. Отправить отчет об ошибке в техподдержку?</translation>
    </message>
    <message>
        <source>Send report</source>
        <translation>Отправить отчет</translation>
    </message>
    <message>
        <source>Do not send</source>
        <translation>Не отправлять</translation>
    </message>
    <message>
        <source>Your error report was sent. Problem identifier: {id}</source>
        <translation>Отчет об ошибке отправлен. Идентификатор проблемы: {id}</translation>
    </message>
</context>
<context>
    <name>GroupsPage</name>
    <message>
        <source>Name of a new group</source>
        <translation>Название новой группы</translation>
    </message>
    <message>
        <source>Create a group</source>
        <translation>Создать группу</translation>
    </message>
    <message>
        <source>Delete the group</source>
        <translation>Удалить группу</translation>
    </message>
    <message>
        <source>Save the members</source>
        <translation>Сохранить состав</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Супервизор</translation>
    </message>
    <message>
        <source>A group with this name already exists.</source>
        <translation>Группа с таким названием уже есть.</translation>
    </message>
    <message>
        <source>Delete the group «{name}»?</source>
        <translation>Удалить группу «{name}»?</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>Calls of this group are in progress; delete it later.</source>
        <translation>В группе идут звонки; удалите ее позже.</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Help</source>
        <translation>Справка</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Горячие клавиши</translation>
    </message>
    <message>
        <source>The shortcuts work in every Pult window, the call widget included. During a call the digits, * and # of the keyboard are sent as tones. Click a field and press the new keys to change a shortcut; clear it to turn it off.</source>
        <translation>Сочетания клавиш работают во всех окнах Pult, включая окно звонка. Во время разговора цифры, * и # клавиатуры передаются тонами. Чтобы изменить сочетание, нажмите на поле и нажмите новые клавиши; очистите поле, чтобы отключить его.</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>По умолчанию</translation>
    </message>
    <message>
        <source>{keys} already belongs to «{action}». Choose other keys.</source>
        <translation>{keys} уже назначено действию «{action}». Выберите другие клавиши.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
</context>
<context>
    <name>HttpRequestsTab</name>
    <message>
        <source>Open a link on an incoming external call</source>
        <translation>Открывать ссылку при входящем внешнем звонке</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Ссылка</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>The link opens in the default browser when an external call comes in. Variables: {ex_phone} the caller&apos;s number, {in_phone} your internal number, {context_id} the call, {call_id_a} and {call_id_b} its first and second leg, {switch_id} the switch.</source>
        <translation>Ссылка открывается в браузере по умолчанию при входящем внешнем звонке. Переменные: {ex_phone} — номер звонящего, {in_phone} — ваш внутренний номер, {context_id} — идентификатор звонка, {call_id_a} и {call_id_b} — первое и второе плечо звонка, {switch_id} — коммутатор.</translation>
    </message>
    <message>
        <source>Insert the variable {name}</source>
        <translation>Вставить переменную {name}</translation>
    </message>
    <message>
        <source>The link must start with http:// or https:// and name a site.</source>
        <translation>Ссылка должна начинаться с http:// или https:// и содержать адрес сайта.</translation>
    </message>
    <message>
        <source>Unknown variable {name}. Use only the variables listed below.</source>
        <translation>Неизвестная переменная {name}. Используйте только переменные из списка ниже.</translation>
    </message>
    <message>
        <source>Saved. The next incoming call uses it.</source>
        <translation>Сохранено. Ссылка откроется при следующем входящем звонке.</translation>
    </message>
</context>
<context>
    <name>KpiPanel</name>
    <message>
        <source>Calls in the queue</source>
        <translation>Количество вызовов в очереди</translation>
    </message>
    <message>
        <source>Longest wait in the queue</source>
        <translation>Максимальное время ожидания вызова в очереди</translation>
    </message>
    <message>
        <source>Free employees</source>
        <translation>Количество свободных сотрудников</translation>
    </message>
    <message>
        <source>Employees on group calls</source>
        <translation>Кол-во сотрудников на групп. вызовах</translation>
    </message>
    <message>
        <source>Employees on personal calls</source>
        <translation>Кол-во сотрудников на персон. вызовах</translation>
    </message>
    <message>
        <source>Immediate answer rate</source>
        <translation>Процент немедленного ответа</translation>
    </message>
    <message>
        <source>Average wait in the queue</source>
        <translation>Среднее время ожидания в очереди</translation>
    </message>
    <message>
        <source>Service level SL 20 seconds</source>
        <translation>Уровень обслуживания SL 20 секунд</translation>
    </message>
    <message>
        <source>Lost calls</source>
        <translation>Количество потерянных вызовов</translation>
    </message>
    <message>
        <source>Accepted calls</source>
        <translation>Количество принятых вызовов</translation>
    </message>
    <message>
        <source>Lost calls rate</source>
        <translation>Процент потерянных вызовов</translation>
    </message>
    <message>
        <source>Occupancy</source>
        <translation>Уровень загруженности</translation>
    </message>
    <message>
        <source>Outgoing calls</source>
        <translation>Количество исходящих вызовов</translation>
    </message>
    <message>
        <source>Group work intensity</source>
        <translation>Интенсивность работы группы</translation>
    </message>
    <message>
        <source>Average outgoing talk time</source>
        <translation>Среднее время исходящих разговоров</translation>
    </message>
    <message>
        <source>Average incoming talk time</source>
        <translation>Среднее время входящих разговоров</translation>
    </message>
    <message>
        <source>Successful outgoing talks rate</source>
        <translation>Процент успешных исходящих разговоров</translation>
    </message>
    <message>
        <source>Successful incoming talks rate</source>
        <translation>Процент успешных входящих разговоров</translation>
    </message>
    <message>
        <source>Connection rate</source>
        <translation>Процент дозвона</translation>
    </message>
    <message>
        <source>No group</source>
        <translation>Без группы</translation>
    </message>
    <message>
        <source>Contact center</source>
        <translation>Контакт-центр</translation>
    </message>
    <message>
        <source>Choose indicators</source>
        <translation>Выбрать показатели</translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation>Пороговые значения</translation>
    </message>
    <message>
        <source>Yellow and red thresholds of the indicators, shared by all users</source>
        <translation>Жёлтые и красные пороговые значения показателей, общие для всех пользователей</translation>
    </message>
    <message>
        <source>Today, live from the server</source>
        <translation>За сегодня, в реальном времени</translation>
    </message>
    <message>
        <source>No indicators chosen: press «Choose indicators».</source>
        <translation>Показатели не выбраны: нажмите «Выбрать показатели».</translation>
    </message>
</context>
<context>
    <name>KpiSelectionDialog</name>
    <message>
        <source>Choose indicators</source>
        <translation>Выбор показателей</translation>
    </message>
</context>
<context>
    <name>KpiThresholdsDialog</name>
    <message>
        <source>Indicator thresholds</source>
        <translation>Пороговые значения показателей</translation>
    </message>
    <message>
        <source>Thresholds are shared by all users. Click a cell to set when the indicator turns yellow (attention) or red (warning); an employee in several groups is also checked against the thresholds of each of their groups.</source>
        <translation>Пороговые значения общие для всех пользователей. Нажмите на ячейку, чтобы задать, когда показатель станет жёлтым (внимание) или красным (предупреждение); сотрудник из нескольких групп проверяется и по пороговым значениям каждой своей группы.</translation>
    </message>
    <message>
        <source>The thresholds were not saved: {reason}</source>
        <translation>Пороговые значения не сохранены: {reason}</translation>
    </message>
</context>
<context>
    <name>LineSelector</name>
    <message>
        <source>Active line for placing calls</source>
        <translation>Выбор активной линии для совершения вызовов</translation>
    </message>
    <message>
        <source>Outgoing number, with its comment</source>
        <translation>Выбор линии в качестве исходящего номера, с пояснительным комментарием к номеру</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Pult — sign in</source>
        <translation>Pult — вход</translation>
    </message>
    <message>
        <source>Sign in to Pult</source>
        <translation>Вход в Pult</translation>
    </message>
    <message>
        <source>Welcome to the contact center.</source>
        <translation>Добро пожаловать в Контакт-центр!</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>e.g. pult.example.com</source>
        <translation>например, pult.example.com</translation>
    </message>
    <message>
        <source>Login, e-mail, mobile number or SIP account</source>
        <translation>Логин, e-mail, мобильный номер или SIP-учётная запись</translation>
    </message>
    <message>
        <source>Remember me</source>
        <translation>Запомнить</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Next time Pult signs you in without asking.</source>
        <translation>В следующий раз Pult войдёт без запроса пароля.</translation>
    </message>
    <message>
        <source>Unavailable: this computer has no password storage (keyring), so you sign in every time.</source>
        <translation>Недоступно: на этом компьютере нет хранилища паролей (keyring), поэтому входить нужно каждый раз.</translation>
    </message>
    <message>
        <source>Enter the server address.</source>
        <translation>Введите адрес сервера.</translation>
    </message>
    <message>
        <source>This is not a server address.</source>
        <translation>Это не адрес сервера.</translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation>Введите логин.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Введите пароль.</translation>
    </message>
    <message>
        <source>The time to enter the code has run out. Sign in again.</source>
        <translation>Время на ввод кода истекло. Войдите снова.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Pult</source>
        <translation>Pult</translation>
    </message>
    <message>
        <source>Colleagues online</source>
        <translation>Сотрудники онлайн</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Sound settings</source>
        <translation>Настройки звука</translation>
    </message>
    <message>
        <source>Program menu</source>
        <translation>Меню программы</translation>
    </message>
    <message>
        <source>Connection to the server</source>
        <translation>Связь с сервером</translation>
    </message>
    <message>
        <source>Missed calls</source>
        <translation>Список пропущенных вызовов</translation>
    </message>
    <message>
        <source>Request queue panel</source>
        <translation>Панель очереди обращений</translation>
    </message>
    <message>
        <source>Indicators panel</source>
        <translation>Панель показателей</translation>
    </message>
    <message>
        <source>Telephony control panel</source>
        <translation>Панель управления телефонией</translation>
    </message>
    <message>
        <source>Help and keyboard shortcuts</source>
        <translation>Справка и горячие клавиши</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Request queue</source>
        <translation>Очередь обращений</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>Панель показателей</translation>
    </message>
    <message>
        <source>Telephony</source>
        <translation>Телефония</translation>
    </message>
    <message>
        <source>Missed calls: {total}, in the last 7 days: {week}</source>
        <translation>Пропущенных вызовов: {total}, за последние 7 дней: {week}</translation>
    </message>
    <message>
        <source>The call operation failed: {reason}</source>
        <translation>Операция со звонком не выполнена: {reason}</translation>
    </message>
    <message>
        <source>The status was not changed: {reason}</source>
        <translation>Статус не изменён: {reason}</translation>
    </message>
</context>
<context>
    <name>MissedCallsPopup</name>
    <message>
        <source>Missed calls</source>
        <translation>Пропущенные вызовы</translation>
    </message>
    <message>
        <source>No missed calls</source>
        <translation>Нет пропущенных вызовов</translation>
    </message>
    <message>
        <source>In the last 7 days: {count}</source>
        <translation>За 7 дней: {count}</translation>
    </message>
    <message>
        <source>Personal</source>
        <translation>Личные</translation>
    </message>
    <message>
        <source>Voice menu</source>
        <translation>Голосовое меню</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Remove from the call-back list</source>
        <translation>Убрать из списка для перезвона</translation>
    </message>
</context>
<context>
    <name>MissedPage</name>
    <message>
        <source>For groups</source>
        <translation>Для групп</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Дней</translation>
    </message>
    <message>
        <source>Add a condition</source>
        <translation>Добавить условие</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Days back missed calls are offered for calling back (at most 7), by the group that missed.</source>
        <translation>Сколько дней назад показывать пропущенные звонки для перезвона (не более 7), по группе, пропустившей звонок.</translation>
    </message>
    <message>
        <source>All groups</source>
        <translation>Все группы</translation>
    </message>
    <message>
        <source>Voice menu</source>
        <translation>Голосовое меню</translation>
    </message>
    <message>
        <source>Delete the condition</source>
        <translation>Удалить условие</translation>
    </message>
    <message>
        <source>Each group may have only one condition.</source>
        <translation>Для каждой группы может быть только одно условие.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
</context>
<context>
    <name>PbxTab</name>
    <message>
        <source>Employees</source>
        <translation>Сотрудники</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Группы</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Роли</translation>
    </message>
</context>
<context>
    <name>PlayerStrip</name>
    <message>
        <source>A call is on: the recording is not played in the headset now.</source>
        <translation>Идёт вызов: запись сейчас не воспроизводится в гарнитуре.</translation>
    </message>
    <message>
        <source>The recording cannot be played here: {reason}</source>
        <translation>Запись не удаётся воспроизвести на этом компьютере: {reason}</translation>
    </message>
    <message>
        <source>The recording&apos;s file is missing on the server.</source>
        <translation>Файл записи отсутствует на сервере.</translation>
    </message>
    <message>
        <source>The recording is still being written: try again in a minute.</source>
        <translation>Запись ещё сохраняется: повторите через минуту.</translation>
    </message>
    <message>
        <source>Your role does not allow listening to this call&apos;s recording.</source>
        <translation>Ваша роль не позволяет прослушивать запись этого звонка.</translation>
    </message>
    <message>
        <source>The file cannot be written: {reason}</source>
        <translation>Файл не удаётся записать: {reason}</translation>
    </message>
    <message>
        <source>The recording cannot be played.</source>
        <translation>Запись не удаётся воспроизвести.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Стоп</translation>
    </message>
    <message>
        <source>Recording: {call}</source>
        <translation>Запись: {call}</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>загрузка…</translation>
    </message>
</context>
<context>
    <name>PostCallPage</name>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>Время (с)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Add a condition</source>
        <translation>Добавить условие</translation>
    </message>
    <message>
        <source>After an external call, operators of the group go into the chosen status for this time; «Ready» or the end of the time returns the previous status. An operator in several groups gets the longest time. Operators get a change within 10 minutes.</source>
        <translation>После внешнего звонка операторы группы переходят в выбранный статус на указанное время; кнопка «Готов к работе» или окончание времени возвращают прежний статус. Оператору из нескольких групп назначается наибольшее время. Изменения доходят до операторов в течение 10 минут.</translation>
    </message>
    <message>
        <source>Keep the current status</source>
        <translation>Не менять статус</translation>
    </message>
    <message>
        <source>Delete the condition</source>
        <translation>Удалить условие</translation>
    </message>
    <message>
        <source>Replace the condition</source>
        <translation>Замена условия</translation>
    </message>
    <message>
        <source>The group «{group}» already has a condition. Replace it with this one?</source>
        <translation>Для группы «{group}» уже задано условие. Заменить его этим?</translation>
    </message>
    <message>
        <source>Each group may have only one condition.</source>
        <translation>Для группы можно задать только одно условие.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Saved. Operators get the new rule within 10 minutes.</source>
        <translation>Сохранено. Операторы получат новое правило в течение 10 минут.</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Caller</source>
        <translation>Кто звонит</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Очередь</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <source>No calls are waiting</source>
        <translation>Вызовов в очереди нет</translation>
    </message>
    <message>
        <source>Intercept</source>
        <translation>Перехватить</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Повесить трубку</translation>
    </message>
    <message>
        <source>Callback orders ({count})</source>
        <translation>Заказы обратного звонка ({count})</translation>
    </message>
    <message>
        <source>Calls ({count})</source>
        <translation>Вызовы ({count})</translation>
    </message>
    <message>
        <source>The queue call was not handled: {reason}</source>
        <translation>Вызов из очереди не обработан: {reason}</translation>
    </message>
</context>
<context>
    <name>QuickAnswersTab</name>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Create a quick answer</source>
        <translation>Создать быстрый ответ</translation>
    </message>
    <message>
        <source>Create a category</source>
        <translation>Создать категорию</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Переместить вверх</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Переместить вниз</translation>
    </message>
    <message>
        <source>Text of the answer or name of the category, then Enter</source>
        <translation>Текст ответа или название категории, затем Enter</translation>
    </message>
    <message>
        <source>Answers of «No group» are available to everyone. An answer goes into the selected category; double-click to edit. Changes are saved at once.</source>
        <translation>Ответы группы «Без группы» доступны всем пользователям. Ответ добавляется в выбранную категорию; для изменения дважды щелкните по нему. Изменения сохраняются автоматически.</translation>
    </message>
    <message>
        <source>No group</source>
        <translation>Без группы</translation>
    </message>
    <message>
        <source>This answer is already in the category.</source>
        <translation>Такой ответ уже есть в этой категории.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Employee</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <source>Senior employee</source>
        <translation>Старший сотрудник</translation>
    </message>
    <message>
        <source>Group head</source>
        <translation>Руководитель группы</translation>
    </message>
    <message>
        <source>Company head</source>
        <translation>Руководитель компании</translation>
    </message>
    <message>
        <source>Accountant</source>
        <translation>Бухгалтер</translation>
    </message>
    <message>
        <source>Marketer</source>
        <translation>Маркетолог</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
</context>
<context>
    <name>RolesPage</name>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>Право</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Virtual PBX</source>
        <translation>ВАТС</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользовательские</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Справочник тематик обращений</translation>
    </message>
    <message>
        <source>Quick answers</source>
        <translation>Быстрые ответы</translation>
    </message>
    <message>
        <source>Employee statuses</source>
        <translation>Статусы сотрудников</translation>
    </message>
    <message>
        <source>Softphone</source>
        <translation>Софтфон</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Подключение</translation>
    </message>
    <message>
        <source>Call handling</source>
        <translation>Обработка звонков</translation>
    </message>
    <message>
        <source>Section visibility</source>
        <translation>Видимость разделов</translation>
    </message>
    <message>
        <source>HTTP requests</source>
        <translation>HTTP-запросы</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Search the settings</source>
        <translation>Поиск по настройкам</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <source>Save the changes before closing?</source>
        <translation>Сохранить изменения перед закрытием?</translation>
    </message>
</context>
<context>
    <name>SettingsMessages</name>
    <message>
        <source>Fill this in.</source>
        <translation>Заполните это поле.</translation>
    </message>
    <message>
        <source>At most {limit} characters.</source>
        <translation>Не более {limit} символов.</translation>
    </message>
    <message>
        <source>The limit is reached: at most {limit}.</source>
        <translation>Достигнут предел: не более {limit}.</translation>
    </message>
    <message>
        <source>The limit is reached.</source>
        <translation>Достигнут предел.</translation>
    </message>
    <message>
        <source>Another status already has this synonym.</source>
        <translation>Другой статус уже использует этот синоним.</translation>
    </message>
    <message>
        <source>A status with this name already exists.</source>
        <translation>Статус с таким названием уже есть.</translation>
    </message>
    <message>
        <source>Not accepted: {reason}</source>
        <translation>Не принято: {reason}</translation>
    </message>
</context>
<context>
    <name>ShellController</name>
    <message>
        <source>The server ended your session. Please sign in again.</source>
        <translation>Сервер завершил ваш сеанс. Войдите снова.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answer the incoming call</source>
        <translation>Ответить на входящий вызов</translation>
    </message>
    <message>
        <source>Reject the incoming call</source>
        <translation>Отклонить входящий вызов</translation>
    </message>
    <message>
        <source>Hold or resume the call</source>
        <translation>Поставить вызов на удержание или снять с него</translation>
    </message>
    <message>
        <source>Mute or unmute the microphone</source>
        <translation>Включить или отключить микрофон</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить вызов</translation>
    </message>
    <message>
        <source>Transfer the call</source>
        <translation>Перевести вызов</translation>
    </message>
    <message>
        <source>Open the status menu</source>
        <translation>Открыть меню статусов</translation>
    </message>
    <message>
        <source>Go to the number field</source>
        <translation>Перейти к полю ввода номера</translation>
    </message>
</context>
<context>
    <name>Softphone</name>
    <message>
        <source>Type a number in international format (74952000000), N.EXT for an extension, or a SIP address.</source>
        <translation>Введите номер в международном формате (74952000000), номер с добавочным через точку или запятую (74955555.253) или SIP ID.</translation>
    </message>
    <message>
        <source>Microphone and speakers not found. Check that the devices are connected</source>
        <translation>Микрофон и динамики не найдены. Проверьте подключение устройств</translation>
    </message>
    <message>
        <source>No line for outgoing calls is available to you: an administrator adds one (a SIP trunk with outgoing numbers), then it can be chosen in the top bar.</source>
        <translation>Нет доступной линии для исходящих вызовов: её добавляет администратор (SIP-транк с исходящими номерами), затем линию можно выбрать на верхней панели.</translation>
    </message>
    <message>
        <source>The server did not place the call through the chosen line.</source>
        <translation>Сервер не смог совершить вызов через выбранную линию.</translation>
    </message>
    <message>
        <source>The softphone is not running.</source>
        <translation>Софтфон не запущен.</translation>
    </message>
    <message>
        <source>The softphone did not answer in time.</source>
        <translation>Софтфон не ответил вовремя.</translation>
    </message>
    <message>
        <source>Too many calls at once.</source>
        <translation>Слишком много одновременных вызовов.</translation>
    </message>
    <message>
        <source>The call has already ended.</source>
        <translation>Вызов уже завершён.</translation>
    </message>
    <message>
        <source>The line is busy.</source>
        <translation>Линия занята.</translation>
    </message>
    <message>
        <source>The number does not exist.</source>
        <translation>Номер не существует.</translation>
    </message>
    <message>
        <source>The SIP server&apos;s certificate did not pass the check: choose the right CA certificate in the «Softphone» settings or ask your administrator.</source>
        <translation>Сертификат SIP-сервера не прошёл проверку: выберите верный сертификат центра сертификации в настройках «Софтфон» или обратитесь к администратору.</translation>
    </message>
    <message>
        <source>The softphone could not open its SIP transport (a port taken, or the CA certificate file gone).</source>
        <translation>Софтфон не смог открыть SIP-транспорт (порт занят или файл сертификата центра сертификации пропал).</translation>
    </message>
    <message>
        <source>The call operation failed.</source>
        <translation>Операция с вызовом не выполнена.</translation>
    </message>
</context>
<context>
    <name>SoftphoneTab</name>
    <message>
        <source>Sound settings</source>
        <translation>Настройки звука</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Динамики</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <source>Ringtone</source>
        <translation>Мелодия звонка</translation>
    </message>
    <message>
        <source>Load your own melody</source>
        <translation>Загрузить свою мелодию</translation>
    </message>
    <message>
        <source>Speaker volume</source>
        <translation>Громкость динамиков</translation>
    </message>
    <message>
        <source>Microphone sensitivity</source>
        <translation>Чувствительность микрофона</translation>
    </message>
    <message>
        <source>Echo cancellation</source>
        <translation>Подавление эха</translation>
    </message>
    <message>
        <source>Noise suppression</source>
        <translation>Шумоподавление</translation>
    </message>
    <message>
        <source>Check the sound</source>
        <translation>Проверить звук</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>Дополнительные настройки</translation>
    </message>
    <message>
        <source>Local SIP port range</source>
        <translation>Диапазон локальных SIP-портов</translation>
    </message>
    <message>
        <source>Local RTP port range</source>
        <translation>Диапазон локальных RTP-портов</translation>
    </message>
    <message>
        <source>any</source>
        <translation>любой</translation>
    </message>
    <message>
        <source>Use STUN</source>
        <translation>Использование технологии STUN</translation>
    </message>
    <message>
        <source>SIP transport</source>
        <translation>Транспорт SIP</translation>
    </message>
    <message>
        <source>CA certificate (TLS)</source>
        <translation>Сертификат центра сертификации (TLS)</translation>
    </message>
    <message>
        <source>The system&apos;s certificate authorities</source>
        <translation>Центры сертификации системы</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <source>Verify the server certificate</source>
        <translation>Проверять сертификат сервера</translation>
    </message>
    <message>
        <source>With TLS, the SIP server must present a certificate signed by this authority (a PEM file), or by one the system trusts when no file is given.</source>
        <translation>При TLS SIP-сервер должен предъявить сертификат, подписанный этим центром (файл PEM), а если файл не указан — центром, которому доверяет система.</translation>
    </message>
    <message>
        <source>Media encryption (SRTP)</source>
        <translation>Шифрование звука (SRTP)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Выключено</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>По возможности</translation>
    </message>
    <message>
        <source>Mandatory</source>
        <translation>Обязательно</translation>
    </message>
    <message>
        <source>Codec selection and priority</source>
        <translation>Выбор и приоритет использования кодеков</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Выше</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Ниже</translation>
    </message>
    <message>
        <source>Reset the softphone settings</source>
        <translation>Сбросить настройки софтфона</translation>
    </message>
    <message>
        <source>Built-in melody</source>
        <translation>Встроенная мелодия</translation>
    </message>
    <message>
        <source>System default (recommended)</source>
        <translation>По умолчанию в системе (рекомендуется)</translation>
    </message>
    <message>
        <source>{name} (not connected)</source>
        <translation>{name} (не подключено)</translation>
    </message>
    <message>
        <source>ports must be from {low} to {high}</source>
        <translation>порты должны быть от {low} до {high}</translation>
    </message>
    <message>
        <source>the first port must not be greater than the last</source>
        <translation>первый порт не может быть больше последнего</translation>
    </message>
    <message>
        <source>the range must hold at least {low} ports</source>
        <translation>в диапазоне должно быть не меньше {low} портов</translation>
    </message>
    <message>
        <source>the SIP and RTP ranges must not overlap</source>
        <translation>диапазоны SIP и RTP не должны пересекаться</translation>
    </message>
    <message>
        <source>enter the STUN server as host or host:port</source>
        <translation>укажите STUN-сервер как хост или хост:порт</translation>
    </message>
    <message>
        <source>choose at least one codec</source>
        <translation>выберите хотя бы один кодек</translation>
    </message>
    <message>
        <source>choose a value from the list</source>
        <translation>выберите значение из списка</translation>
    </message>
    <message>
        <source>the melody file is missing; choose another one</source>
        <translation>файл мелодии не найден, выберите другой</translation>
    </message>
    <message>
        <source>the file does not exist; choose the CA certificate file again</source>
        <translation>файл не найден; выберите файл сертификата центра сертификации заново</translation>
    </message>
    <message>
        <source>the file holds no PEM certificate (text starting with -----BEGIN CERTIFICATE-----)</source>
        <translation>в файле нет сертификата в формате PEM (текст, начинающийся с -----BEGIN CERTIFICATE-----)</translation>
    </message>
    <message>
        <source>The settings could not be saved: {reason}</source>
        <translation>Не удалось сохранить настройки: {reason}</translation>
    </message>
    <message>
        <source>The settings are applied.</source>
        <translation>Настройки применены.</translation>
    </message>
    <message>
        <source>The softphone restarts with the new settings…</source>
        <translation>Софтфон перезапускается с новыми настройками…</translation>
    </message>
    <message>
        <source>The new settings take effect when the current call ends: the softphone restarts then.</source>
        <translation>Новые настройки вступят в силу после завершения текущего звонка: тогда софтфон перезапустится.</translation>
    </message>
    <message>
        <source>The softphone is not running; the settings apply when it starts.</source>
        <translation>Софтфон не запущен; настройки применятся при его запуске.</translation>
    </message>
    <message>
        <source>The softphone restarted with the new settings.</source>
        <translation>Софтфон перезапущен с новыми настройками.</translation>
    </message>
    <message>
        <source>The softphone could not start with the new settings (is a port taken?); it runs with the previous ones.</source>
        <translation>Софтфон не запустился с новыми настройками (возможно, порт занят) и работает с прежними.</translation>
    </message>
    <message>
        <source>WAV sound (*.wav)</source>
        <translation>Звук WAV (*.wav)</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Сертификаты (*.pem *.crt *.cer);;Все файлы (*)</translation>
    </message>
    <message>
        <source>This file cannot be a ringtone: choose a 16-bit PCM WAV file.</source>
        <translation>Этот файл не подходит для мелодии звонка: выберите файл WAV (16 бит PCM).</translation>
    </message>
    <message>
        <source>Echo cancellation and noise suppression cannot run with this device: {reason}</source>
        <translation>Подавление эха и шумоподавление не работают с этим устройством: {reason}</translation>
    </message>
</context>
<context>
    <name>SoundCheck</name>
    <message>
        <source>Start the check</source>
        <translation>Начать проверку</translation>
    </message>
    <message>
        <source>The softphone is not running: the sound check is unavailable.</source>
        <translation>Софтфон не запущен: проверка звука недоступна.</translation>
    </message>
    <message>
        <source>Listen to the melody and say something into the microphone…</source>
        <translation>Послушайте мелодию и скажите что-нибудь в микрофон…</translation>
    </message>
    <message>
        <source>The check failed: {reason}</source>
        <translation>Проверка не удалась: {reason}</translation>
    </message>
    <message>
        <source>The microphone hears you (peak {level:.0f} dBFS).</source>
        <translation>Микрофон вас слышит (пик {level:.0f} дБFS).</translation>
    </message>
    <message>
        <source>The microphone heard nothing. Check that it is connected and not muted.</source>
        <translation>Микрофон ничего не услышал. Проверьте, что он подключён и не выключен.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>On line</source>
        <translation>На линии</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>Outbound dialing</source>
        <translation>Обзвон</translation>
    </message>
    <message>
        <source>All calls</source>
        <translation>Все звонки</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
    <message>
        <source>Don&apos;t change</source>
        <translation>Не изменять</translation>
    </message>
</context>
<context>
    <name>StatusControl</name>
    <message>
        <source>Your status: {name}. Click to change it.</source>
        <translation>Ваш статус: {name}. Нажмите, чтобы изменить.</translation>
    </message>
</context>
<context>
    <name>StatusesTab</name>
    <message>
        <source>Add a status</source>
        <translation>Добавить статус</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Цвет</translation>
    </message>
    <message>
        <source>Standard status</source>
        <translation>Стандартный статус</translation>
    </message>
    <message>
        <source>Synonym</source>
        <translation>Синоним</translation>
    </message>
    <message>
        <source>Up to 20 characters, unique in the contact center</source>
        <translation>До 20 символов, уникален в Контакт-центре</translation>
    </message>
    <message>
        <source>Receives calls from the groups (ACD)</source>
        <translation>Получает звонки из групп (ACD)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Custom statuses: {count} of {limit}</source>
        <translation>Пользовательские статусы: {count} из {limit}</translation>
    </message>
    <message>
        <source>A contact center has at most {limit} custom statuses.</source>
        <translation>В Контакт-центре может быть не более {limit} пользовательских статусов.</translation>
    </message>
</context>
<context>
    <name>TelephonyPanel</name>
    <message>
        <source>Switch</source>
        <translation>Переключиться</translation>
    </message>
    <message>
        <source>Merge calls</source>
        <translation>Объединить вызовы</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Number or SIP address</source>
        <translation>Номер или SIP-адрес</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>Delete a character</source>
        <translation>Удалить символ</translation>
    </message>
    <message>
        <source>Detach the keypad</source>
        <translation>Открепить клавиатуру</translation>
    </message>
    <message>
        <source>Without consultation</source>
        <translation>Без консультации</translation>
    </message>
    <message>
        <source>With consultation</source>
        <translation>С консультацией</translation>
    </message>
    <message>
        <source>Cancel the transfer</source>
        <translation>Отменить перевод</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Вызовы</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Гарнитура</translation>
    </message>
    <message>
        <source>Speaker volume</source>
        <translation>Громкость динамика</translation>
    </message>
    <message>
        <source>Microphone sensitivity</source>
        <translation>Чувствительность микрофона</translation>
    </message>
    <message>
        <source>Mute the microphone</source>
        <translation>Отключить микрофон</translation>
    </message>
    <message>
        <source>Transfer the call to the number typed above</source>
        <translation>Перевести вызов на номер, введённый выше</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>Клавиатура</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Wrong login or password.</source>
        <translation>Неверный логин или пароль.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Signing in is locked until {time}.</source>
        <translation>Слишком много неудачных попыток. Вход заблокирован до {time}.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Signing in is locked for a while; try again later.</source>
        <translation>Слишком много неудачных попыток. Вход временно заблокирован, попробуйте позже.</translation>
    </message>
    <message>
        <source>Cannot reach the server {server}. Check the address and the network connection.</source>
        <translation>Нет связи с сервером {server}. Проверьте адрес и подключение к сети.</translation>
    </message>
    <message>
        <source>(no address)</source>
        <translation>(адрес не указан)</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ваш сеанс завершён. Войдите снова.</translation>
    </message>
    <message>
        <source>All licences for concurrent users are in use: ask your administrator to free one.</source>
        <translation>Все лицензии на одновременную работу заняты: попросите администратора освободить одну.</translation>
    </message>
    <message>
        <source>Your account is not allowed to do this.</source>
        <translation>Вашей учётной записи это не разрешено.</translation>
    </message>
    <message>
        <source>The server did not accept the data.</source>
        <translation>Сервер не принял данные.</translation>
    </message>
    <message>
        <source>This was changed by someone else at the same time. Try again.</source>
        <translation>Это одновременно изменил кто-то другой. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>The server {server} answered in a way Pult does not understand. Check the address.</source>
        <translation>Сервер {server} ответил непонятно для Pult. Проверьте адрес.</translation>
    </message>
    <message>
        <source>The request failed. Try again.</source>
        <translation>Запрос не выполнен. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Only a supervisor of this queue&apos;s group or an administrator may do this.</source>
        <translation>Это может только руководитель группы этой очереди или администратор.</translation>
    </message>
    <message>
        <source>You may transfer calls only to the operators and groups you supervise.</source>
        <translation>Переводить звонки можно только на операторов и в группы, которыми вы руководите.</translation>
    </message>
    <message>
        <source>The employee cannot take a call now (signed out, talking or being offered a call).</source>
        <translation>Сотрудник сейчас не может принять звонок (не в сети, разговаривает или ему уже поступает вызов).</translation>
    </message>
    <message>
        <source>The call is no longer waiting in the queue.</source>
        <translation>Вызов уже не ожидает в очереди.</translation>
    </message>
    <message>
        <source>The call is already in this group&apos;s queue.</source>
        <translation>Вызов уже в очереди этой группы.</translation>
    </message>
    <message>
        <source>That employee or group no longer exists.</source>
        <translation>Такого сотрудника или группы больше нет.</translation>
    </message>
    <message>
        <source>The company has no line to call a number through: an administrator adds a SIP trunk, or give a SIP address (sip:name@host).</source>
        <translation>У компании нет линии для звонка на номер: администратор добавляет SIP-транк, либо укажите SIP-адрес (sip:имя@хост).</translation>
    </message>
</context>
<context>
    <name>ThresholdForm</name>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Delete thresholds</source>
        <translation>Удаление пороговых значений</translation>
    </message>
    <message>
        <source>Delete the thresholds of «{cell}»?</source>
        <translation>Удалить пороговые значения «{cell}»?</translation>
    </message>
</context>
<context>
    <name>ThresholdLevelEditor</name>
    <message>
        <source>Warning (red)</source>
        <translation>Предупреждение (красный)</translation>
    </message>
    <message>
        <source>Attention (yellow)</source>
        <translation>Внимание (жёлтый)</translation>
    </message>
    <message>
        <source>less than or equal</source>
        <translation>меньше или равно</translation>
    </message>
    <message>
        <source>between</source>
        <translation>между</translation>
    </message>
    <message>
        <source>greater than or equal</source>
        <translation>больше или равно</translation>
    </message>
    <message>
        <source>from</source>
        <translation>от</translation>
    </message>
    <message>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <source>to</source>
        <translation>до</translation>
    </message>
    <message>
        <source>{level}: enter a number, for example 20 or 2,5.</source>
        <translation>{level}: введите число, например 20 или 2,5.</translation>
    </message>
    <message>
        <source>{level}: the lower bound is greater than the upper one.</source>
        <translation>{level}: нижняя граница больше верхней.</translation>
    </message>
</context>
<context>
    <name>TopicsDialog</name>
    <message>
        <source>Edit topics</source>
        <translation>Изменить тематику</translation>
    </message>
    <message>
        <source>Topic #{id}</source>
        <translation>Тематика №{id}</translation>
    </message>
    <message>
        <source>No topics are set up for your groups.</source>
        <translation>Для ваших групп не настроены тематики.</translation>
    </message>
</context>
<context>
    <name>TopicsTab</name>
    <message>
        <source>Name, then Enter</source>
        <translation>Название, затем Enter</translation>
    </message>
    <message>
        <source>Create a topic</source>
        <translation>Создать тематику</translation>
    </message>
    <message>
        <source>Create a folder</source>
        <translation>Создать папку</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>The topics reference is one for the whole company: changes are saved at once.</source>
        <translation>Справочник тематик является единым: изменения сохраняются сразу.</translation>
    </message>
    <message>
        <source>Delete the topic</source>
        <translation>Удаление тематики</translation>
    </message>
    <message>
        <source>The topic was used in conversations. Delete it anyway?</source>
        <translation>Тематика использовалась в разговорах. Всё равно удалить?</translation>
    </message>
    <message>
        <source>There is already an item with this name here.</source>
        <translation>Здесь уже есть элемент с таким названием.</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Conference</source>
        <translation>Конференция</translation>
    </message>
    <message>
        <source>Transfer the call</source>
        <translation>Перевод вызова</translation>
    </message>
    <message>
        <source>Search by name or group</source>
        <translation>Поиск по имени или группе</translation>
    </message>
    <message>
        <source>To an employee</source>
        <translation>На сотрудника</translation>
    </message>
    <message>
        <source>To a group</source>
        <translation>На группу</translation>
    </message>
    <message>
        <source>To a number</source>
        <translation>На номер</translation>
    </message>
    <message>
        <source>Number or SIP address</source>
        <translation>Номер или SIP-адрес</translation>
    </message>
    <message>
        <source>A phone number (74952000000) or a SIP subscriber: sip:name@host, without spaces.</source>
        <translation>Номер телефона (74952000000) или SIP-абонент: sip:имя@хост, без пробелов.</translation>
    </message>
    <message>
        <source>With consultation</source>
        <translation>С консультацией</translation>
    </message>
    <message>
        <source>Without consultation</source>
        <translation>Без консультации</translation>
    </message>
    <message>
        <source>Start the conference</source>
        <translation>Начать конференцию</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Loading colleagues…</source>
        <translation>Загрузка списка сотрудников…</translation>
    </message>
    <message>
        <source>Outside the groups you supervise</source>
        <translation>Вне групп, которыми вы руководите</translation>
    </message>
    <message>
        <source>Free operators «На линии» / all operators of the group</source>
        <translation>Свободные операторы «На линии» / все операторы группы</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Hide Pult</source>
        <translation>Скрыть Pult</translation>
    </message>
    <message>
        <source>Show Pult</source>
        <translation>Показать Pult</translation>
    </message>
    <message>
        <source>Section visibility</source>
        <translation>Видимость разделов</translation>
    </message>
    <message>
        <source>Send an error report</source>
        <translation>Отправить отчет об ошибке</translation>
    </message>
    <message>
        <source>Write to support</source>
        <translation>Написать в поддержку</translation>
    </message>
    <message>
        <source>About Pult</source>
        <translation>О программе</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>missed calls: {count}</source>
        <translation>пропущенных вызовов: {count}</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий вызов</translation>
    </message>
</context>
<context>
    <name>TwoFactorDialog</name>
    <message>
        <source>Pult — verification code</source>
        <translation>Pult — код подтверждения</translation>
    </message>
    <message>
        <source>Two-factor authentication</source>
        <translation>Двухфакторная аутентификация</translation>
    </message>
    <message>
        <source>Enter the {digits}-digit code shown by the authenticator app on your phone.</source>
        <translation>Введите {digits}-значный код из приложения-аутентификатора на телефоне.</translation>
    </message>
    <message>
        <source>Verification code</source>
        <translation>Код подтверждения</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Подтвердить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>The code is {digits} digits.</source>
        <translation>Код состоит из {digits} цифр.</translation>
    </message>
    <message>
        <source>Too many wrong codes. Code entry is locked until {time}.</source>
        <translation>Слишком много неверных кодов. Ввод кода заблокирован до {time}.</translation>
    </message>
    <message>
        <source>You can enter the code again.</source>
        <translation>Можно снова ввести код.</translation>
    </message>
    <message>
        <source>Wrong code. Check the code in the app and try again.</source>
        <translation>Неверный код. Проверьте код в приложении и попробуйте снова.</translation>
    </message>
</context>
<context>
    <name>TwoFactorSection</name>
    <message>
        <source>Two-factor authentication</source>
        <translation>Двухфакторная аутентификация</translation>
    </message>
    <message>
        <source>Turn on…</source>
        <translation>Включить…</translation>
    </message>
    <message>
        <source>Add this key to an authenticator app on your phone (type the key or paste the link), then enter the {digits}-digit code the app shows.</source>
        <translation>Добавьте этот ключ в приложение-аутентификатор на телефоне (введите ключ или вставьте ссылку), затем введите {digits}-значный код, который покажет приложение.</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Ключ</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Ссылка</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <source>On: signing in asks for a code from your authenticator app. Enter a code to turn it off.</source>
        <translation>Включена: при входе запрашивается код из приложения-аутентификатора. Чтобы выключить, введите код.</translation>
    </message>
    <message>
        <source>Off until you confirm it with a code.</source>
        <translation>Выключена, пока вы не подтвердите её кодом.</translation>
    </message>
    <message>
        <source>Off: signing in needs only the password.</source>
        <translation>Выключена: для входа нужен только пароль.</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>Выключить</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Подтвердить</translation>
    </message>
    <message>
        <source>The code is {digits} digits.</source>
        <translation>Код состоит из {digits} цифр.</translation>
    </message>
    <message>
        <source>Too many wrong codes. Code entry is locked until {time}.</source>
        <translation>Слишком много неверных кодов. Ввод кода заблокирован до {time}.</translation>
    </message>
    <message>
        <source>Wrong code. Check the code in the app and try again.</source>
        <translation>Неверный код. Проверьте код в приложении и попробуйте снова.</translation>
    </message>
</context>
<context>
    <name>UserTab</name>
    <message>
        <source>Calls kept in the history</source>
        <translation>Количество выводимых вызовов</translation>
    </message>
    <message>
        <source>«Break» after idle time (min)</source>
        <translation>«Перерыв» после бездействия (мин)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Выключено</translation>
    </message>
    <message>
        <source>Show notifications</source>
        <translation>Показывать уведомления</translation>
    </message>
    <message>
        <source>Sound notifications</source>
        <translation>Звуковые уведомления</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>A large number may slow the program down; on a small screen 200 is enough.</source>
        <translation>Слишком большое значение может значительно замедлить работу программы; на небольшом экране достаточно 200 записей.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>The language changes after the program restarts.</source>
        <translation>Язык изменится после перезапуска программы.</translation>
    </message>
    <message>
        <source>Closing the window hides it to the tray</source>
        <translation>Сворачивать в трей при закрытии окна</translation>
    </message>
    <message>
        <source>Warn before a call from a browser link</source>
        <translation>Предупреждать при попытке звонка из браузера</translation>
    </message>
    <message>
        <source>Links tel:, callto: and sip:</source>
        <translation>Ссылки tel:, callto: и sip:</translation>
    </message>
    <message>
        <source>Check link handling</source>
        <translation>Проверить обработку ссылок</translation>
    </message>
    <message>
        <source>Make Pult open these links</source>
        <translation>Открывать эти ссылки в Пульте</translation>
    </message>
    <message>
        <source>Start with the system</source>
        <translation>Запускать вместе с системой</translation>
    </message>
    <message>
        <source>Starting with the system is not supported on this platform yet.</source>
        <translation>Запуск вместе с системой на этой платформе пока не поддерживается.</translation>
    </message>
    <message>
        <source>The settings could not be saved: {reason}</source>
        <translation>Не удалось сохранить настройки: {reason}</translation>
    </message>
    <message>
        <source>Asking the system…</source>
        <translation>Запрос к системе…</translation>
    </message>
    <message>
        <source>The desktop&apos;s link settings cannot be read: the xdg-utils package is not installed.</source>
        <translation>Не удалось прочитать настройки ссылок рабочего стола: не установлен пакет xdg-utils.</translation>
    </message>
    <message>
        <source>Checking the link handler is not supported on this system.</source>
        <translation>Проверка обработки ссылок в этой системе не поддерживается.</translation>
    </message>
    <message>
        <source>The system did not answer: {reason}</source>
        <translation>Система не ответила: {reason}</translation>
    </message>
    <message>
        <source>Pult (this program)</source>
        <translation>Пульт (эта программа)</translation>
    </message>
    <message>
        <source>no program</source>
        <translation>нет программы</translation>
    </message>
    <message>
        <source>Done: Pult now opens these links.</source>
        <translation>Готово: теперь эти ссылки открывает Пульт.</translation>
    </message>
    <message>
        <source>Pult opens these links: a number clicked in a browser is called from Pult.</source>
        <translation>Эти ссылки открывает Пульт: звонок на номер, выбранный в браузере, совершается из Пульта.</translation>
    </message>
    <message>
        <source>Windows lets only you choose: pick Pult for tel:, callto: and sip: in the default apps settings that opened, then check again.</source>
        <translation>Выбрать может только сам пользователь: в открывшихся параметрах приложений по умолчанию Windows укажите Пульт для tel:, callto: и sip:, затем проверьте снова.</translation>
    </message>
    <message>
        <source>Another program or none opens some of these links.</source>
        <translation>Некоторые из этих ссылок открывает другая программа или никакая.</translation>
    </message>
    <message>
        <source>Another program or none opens some of these links. Install Pult with its installer to make it open them.</source>
        <translation>Некоторые из этих ссылок открывает другая программа или никакая. Чтобы их открывал Пульт, установите его установщиком.</translation>
    </message>
    <message>
        <source>This check has not yet been tried on this system by the Pult developers.</source>
        <translation>Разработчики Пульта ещё не опробовали эту проверку в данной системе.</translation>
    </message>
</context>
<context>
    <name>Visibility</name>
    <message>
        <source>Colleagues online (section)</source>
        <translation>Сотрудники онлайн (раздел)</translation>
    </message>
    <message>
        <source>Call history (section)</source>
        <translation>История вызовов (раздел)</translation>
    </message>
    <message>
        <source>Missed calls (top bar button)</source>
        <translation>Пропущенные вызовы (кнопка на верхней панели)</translation>
    </message>
    <message>
        <source>Request queue panel</source>
        <translation>Панель очереди обращений</translation>
    </message>
    <message>
        <source>Indicators panel</source>
        <translation>Панель показателей</translation>
    </message>
    <message>
        <source>Telephony control panel</source>
        <translation>Панель управления телефонией</translation>
    </message>
</context>
<context>
    <name>VisibilityDialog</name>
    <message>
        <source>Section visibility</source>
        <translation>Видимость разделов</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>VisibilityTab</name>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Switched off sections and panels are not shown in the main window on this computer.</source>
        <translation>Выключенные разделы и панели не показываются в главном окне на этом компьютере.</translation>
    </message>
    <message>
        <source>Could not save the settings: {reason}</source>
        <translation>Не удалось сохранить настройки: {reason}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
</context>
<context>
    <name>_EditDialog</name>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
</TS>
